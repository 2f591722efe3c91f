import type { Env } from "../config/env.js";
import { envPracticeConfig } from "../config/practice.js";
import { createEmbeddedEngine } from "../engine/embedded/index.js";
import type { Store } from "../store/db.js";
import { createEngine } from "./create-engine.js";
import type { WorkflowFactory } from "./create-services.js";

/**
 * Queues one sync run from another process (the CLI). On the embedded engine the run goes into
 * the shared journal and the running server's worker picks it up within a poll; on Trigger.dev
 * it is triggered there. Nothing runs in this process.
 */
export async function queueSync(env: Env, store: Store, workflows: WorkflowFactory, now = new Date()): Promise<{ runId: string }> {
  // Due at the running job's "now" (it differs from the wall clock under MINNOW_SANDBOX_CLOCK), so it runs at once.
  const clock = { now: () => now };
  const config = envPracticeConfig(env);
  const definitions = workflows(() => {
    throw new Error("queueSync only queues the sync; workflows run in the server process.");
  }, { syncIntervalMinutes: config.sync.intervalMinutes });
  const sync = definitions.sync;
  if (!sync) throw new Error("The workflow set has no `sync` workflow; workflows/index.ts must export it from buildWorkflows.");
  const engine = env.TRIGGER_SECRET_KEY ? createEngine(env, store, Object.values(definitions)).engine : createEmbeddedEngine({ store, workflows: Object.values(definitions), clock });
  const { runId } = await engine.start(sync, {}, { key: `manual:${now.toISOString()}` });
  return { runId };
}
