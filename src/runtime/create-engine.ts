import { configure } from "@trigger.dev/sdk";
import type { Env } from "../config/env.js";
import { createEmbeddedEngine, type EmbeddedEngine } from "../engine/embedded/index.js";
import type { Engine, WorkflowDefinition } from "../engine/port.js";
import { createTriggerEngine } from "../engine/trigger/index.js";
import type { Store } from "../store/db.js";

/**
 * Runs the embedded engine executes at once. Most of a run is spent waiting on the store, and more
 * runs at once share more of each group commit; the EHR and Twilio stay bounded by the practice's
 * `queues`, per call (call-limits.ts). 32 sent a fan-out about a fifth faster than 8 (bench/fanout.ts).
 */
export const EMBEDDED_RUNS_AT_ONCE = 32;

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
  return { kind: "embedded", engine: createEmbeddedEngine({ store, workflows, concurrency: EMBEDDED_RUNS_AT_ONCE, ...(clock ? { clock } : {}) }) };
}
