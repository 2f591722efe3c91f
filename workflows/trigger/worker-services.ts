import { loadEnv } from "../../src/config/env.js";
import { createServices } from "../../src/runtime/create-services.js";
import type { Services } from "../../src/runtime/services.js";
import { buildWorkflows } from "../index.js";

/**
 * The services a Trigger.dev task machine runs workflows with, built once per machine on the first
 * run. With TRIGGER_SECRET_KEY set, their engine is the Trigger.dev engine, so a workflow that
 * starts another triggers its task.
 */
let building: Promise<Services> | undefined;

export function workerServices(): Promise<Services> {
  building ??= createServices({ env: loadEnv(), workflows: buildWorkflows })
    .then((runtime) => runtime.services)
    .catch((err: unknown) => {
      building = undefined; // the next run tries again
      throw new Error("Building minnow's services on the Trigger.dev worker failed; check the worker's environment variables.", { cause: err });
    });
  return building;
}
