import { configure } from "@trigger.dev/sdk";
import type { Env } from "../config/env.js";
import { createEmbeddedEngine, type EmbeddedEngine } from "../engine/embedded/index.js";
import type { Engine, WorkflowDefinition } from "../engine/port.js";
import { createTriggerEngine } from "../engine/trigger/index.js";
import type { Store } from "../store/db.js";

export type RuntimeEngine =
  | { kind: "embedded"; engine: EmbeddedEngine }
  /** Workflows run on Trigger.dev's workers (workflows/trigger); this process only starts and signals them. */
  | { kind: "trigger"; engine: Engine };

/** TRIGGER_SECRET_KEY selects Trigger.dev; otherwise the embedded engine runs here, journaled in the store. */
export function createEngine(env: Env, store: Store, workflows: WorkflowDefinition<unknown>[], clock?: { now(): Date }): RuntimeEngine {
  if (env.TRIGGER_SECRET_KEY) {
    configure({ secretKey: env.TRIGGER_SECRET_KEY, ...(env.TRIGGER_API_URL ? { baseURL: env.TRIGGER_API_URL } : {}) });
    return { kind: "trigger", engine: createTriggerEngine({ store, ...(clock ? { clock } : {}) }) };
  }
  return { kind: "embedded", engine: createEmbeddedEngine({ store, workflows, ...(clock ? { clock } : {}) }) };
}
