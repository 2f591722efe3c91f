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

/**
 * TRIGGER_SECRET_KEY selects Trigger.dev; otherwise the embedded engine runs here, journaled in the
 * store. On a Trigger.dev worker it is always Trigger.dev: the platform configures the SDK there.
 */
export function createEngine(env: Env, store: Store, workflows: WorkflowDefinition<unknown>[], clock?: { now(): Date }, opts: { onTriggerWorker?: boolean } = {}): RuntimeEngine {
  if (opts.onTriggerWorker) return { kind: "trigger", engine: createTriggerEngine({ store, ...(clock ? { clock } : {}) }) };
  if (env.TRIGGER_SECRET_KEY) {
    configure({ secretKey: env.TRIGGER_SECRET_KEY, ...(env.TRIGGER_API_URL ? { baseURL: env.TRIGGER_API_URL } : {}) });
    return { kind: "trigger", engine: createTriggerEngine({ store, ...(clock ? { clock } : {}) }) };
  }
  return { kind: "embedded", engine: createEmbeddedEngine({ store, workflows, ...(clock ? { clock } : {}) }) };
}
