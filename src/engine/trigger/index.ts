export { createTriggerEngine, type TriggerEngineOptions } from "./engine.js";
export { TRIGGER_LIMIT_NAMES, triggerQueues, type TriggerQueue, type TriggerQueues } from "./queues.js";
export { toTriggerRetry } from "./retry.js";
export { applyTriggerSettings, attachTriggerSchedules, applyTriggerLimits, triggerEnvironmentOf } from "./settings.js";
export { createTriggerStep, type TriggerStepDeps } from "./step.js";
export { triggerWorkflow } from "./start.js";
export type { TriggerTables, TriggerSignalsTable, TriggerTokensTable } from "./tables.js";
export { toTriggerTask, type TriggerBinding, type TriggerDeps } from "./to-trigger-task.js";
