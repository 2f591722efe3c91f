// minnow's public library API. Other parts of minnow build on these exact names.
export * from "./policy/index.js";
export { loadEnv, ConfigError, type Env } from "./config/env.js";
export { loadPracticeConfig, parsePracticeConfig, type PracticeConfig } from "./config/practice.js";
export { defineWorkflow, ref, type Engine, type Step, type WorkflowDefinition } from "./engine/port.js";
export { defineConnector, type ConnectorManifest } from "../connectors/define.js";
