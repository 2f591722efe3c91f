import type { StartOptions, StartResult, WorkflowDefinition } from "../../engine/port.js";
import type { Services } from "../../runtime/services.js";
import type { MinnowWorkflows } from "../../../workflows/index.js";

export type StartSyncRun = (services: Services, opts: StartOptions) => Promise<StartResult>;

type WorkflowInput<K extends keyof MinnowWorkflows> = Parameters<MinnowWorkflows[K]["run"]>[0];

/**
 * Starts one of minnow's workflows from a route (the API, the console). The definitions are
 * imported lazily and built over the same services, because the workflows are built over them;
 * the engine runs the run under the workflow's id either way.
 */
export async function startMinnowWorkflow<K extends keyof MinnowWorkflows>(services: Services, name: K, input: WorkflowInput<K>, opts: StartOptions): Promise<StartResult> {
  const { buildWorkflows } = await import("../../../workflows/index.js");
  const workflow = buildWorkflows(() => services, { syncIntervalMinutes: services.config.sync.intervalMinutes })[name];
  return services.engine.start(workflow as WorkflowDefinition<WorkflowInput<K>>, input, opts);
}

/** Starts the sync workflow. */
export const startSyncRun: StartSyncRun = (services, opts) => startMinnowWorkflow(services, "sync", {}, opts);
