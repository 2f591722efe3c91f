import type { Services } from "../src/runtime/services.js";

/**
 * How a workflow reaches the running process's services. A getter, because the engine is built
 * from the workflows and the services hold the engine; async, because a Trigger.dev worker opens
 * its store lazily on the first run.
 */
export type GetServices = () => Services | Promise<Services>;
