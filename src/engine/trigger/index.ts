export { createTriggerEngine, type TriggerEngineOptions } from "./engine.js";
export { toTriggerRetry } from "./retry.js";
export { createTriggerStep, type TriggerStepDeps } from "./step.js";
export { triggerWorkflow } from "./start.js";
export type { TriggerTables, TriggerSignalsTable, TriggerTokensTable } from "./tables.js";
export { toTriggerTask, type TriggerDeps } from "./to-trigger-task.js";
