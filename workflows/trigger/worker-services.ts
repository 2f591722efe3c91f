import { loadEnv } from "../../src/config/env.js";
import { finishRuntimeConfig } from "../../src/runtime/create-config.js";
import { createServices, type RuntimeServices } from "../../src/runtime/create-services.js";
import type { Services } from "../../src/runtime/services.js";
import { loadLatestPracticeConfig } from "../../src/store/practice-config-versions.js";
import { buildWorkflows } from "../index.js";

/**
 * The services a Trigger.dev task machine runs workflows with, built once per machine on the first
 * run, as a worker: the practice config from the store (or MINNOW_CONFIG_YAML), real Twilio and a
 * real EHR. Their engine is the Trigger.dev engine, so a workflow that starts another triggers its task.
 */
let building: Promise<RuntimeServices> | undefined;
let configVersion: number | undefined;

/** A warm machine runs many runs: each one picks up a config version saved since the last. */
async function withLatestConfig(runtime: RuntimeServices): Promise<Services> {
  const { services } = runtime;
  const latest = await loadLatestPracticeConfig(services.store);
  if (latest && latest.version !== configVersion) {
    services.config = finishRuntimeConfig(latest.config, runtime.modes);
    configVersion = latest.version;
  }
  return services;
}

export function workerServices(): Promise<Services> {
  building ??= createServices({ env: loadEnv(), workflows: buildWorkflows, role: "worker" }).catch((err: unknown) => {
    building = undefined; // the next run tries again
    throw new Error("Building minnow's services on the Trigger.dev worker failed; check the worker's environment variables.", { cause: err });
  });
  return building.then(withLatestConfig);
}
