import { defineConfig } from "@trigger.dev/sdk";
import { toTriggerRetry } from "./src/engine/trigger/retry.js";

/**
 * Trigger.dev project settings for running minnow's workflows there instead of on the
 * embedded engine. Workflow inputs are references only, because Trigger.dev Cloud sits
 * outside the practice's BAA unless the practice holds one with Trigger.dev.
 */
export default defineConfig({
  // Replace with your project's ref (Trigger.dev dashboard → Project settings).
  project: "proj_minnow_replace_me",
  dirs: ["./workflows/trigger"],
  retries: {
    enabledInDev: true,
    // The port's DEFAULT_RETRY, so a workflow without its own policy retries as it does embedded.
    default: toTriggerRetry(),
  },
  // Compute seconds per run; time spent in waits and sleeps does not count.
  maxDuration: 300,
});
