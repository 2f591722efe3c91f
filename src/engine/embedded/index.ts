export { createEmbeddedEngine } from "./engine.js";
export { installGracefulShutdown, type GracefulShutdownOptions } from "./shutdown.js";
export type { Clock, EmbeddedEngine, EmbeddedEngineOptions, RunFilter, RunStatus, RunSummary } from "./types.js";
