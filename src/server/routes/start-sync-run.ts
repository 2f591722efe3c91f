import type { StartOptions, StartResult } from "../../engine/port.js";
import type { Services } from "../../runtime/services.js";

export type StartSyncRun = (services: Services, opts: StartOptions) => Promise<StartResult>;

/** Starts the sync workflow; imported lazily because the workflows are built over the services. */
export const startSyncRun: StartSyncRun = async (services, opts) => {
  const { buildWorkflows } = await import("../../../workflows/index.js");
  const { sync } = buildWorkflows(() => services, { syncIntervalMinutes: services.config.sync.intervalMinutes });
  return services.engine.start(sync, {}, opts);
};
