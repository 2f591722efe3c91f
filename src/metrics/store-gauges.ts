import type { RunStatus } from "../engine/journal-tables.js";
import { inboundRouter } from "../messaging/inbound/inbound-router.js";
import type { Services } from "../runtime/services.js";
import { engineQueueDepth, engineRuns, engineTimerLag, hookQueueDepth, inboundQueueDepth } from "./registry.js";

const RUN_STATES: readonly RunStatus[] = ["pending", "running", "sleeping", "waiting", "completed", "failed"];

/**
 * Sets the gauges that describe shared state, read from the store at scrape time, so every
 * process on one database reports the same numbers. On Trigger.dev the runs live there (its
 * dashboard shows them), so the embedded engine's gauges are left out.
 */
export async function refreshStoreGauges(services: Services): Promise<void> {
  const { db } = services.store;
  const now = services.clock.now().getTime();
  if (!services.env.TRIGGER_SECRET_KEY) {
    const counts = await db.selectFrom("workflow_runs").select((eb) => ["status", eb.fn.countAll<number>().as("n")]).groupBy("status").execute();
    for (const state of RUN_STATES) engineRuns.set({ state }, Number(counts.find((c) => c.status === state)?.n ?? 0));
    const due = await db.selectFrom("workflow_runs").select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("wake_at").as("oldest")]).where("wake_at", "<=", now).executeTakeFirst();
    engineQueueDepth.set(Number(due?.n ?? 0));
    engineTimerLag.set(due?.oldest == null ? 0 : Math.max(0, now - Number(due.oldest)) / 1000);
  }
  const hooks = await db.selectFrom("hook_deliveries").select((eb) => eb.fn.countAll<number>().as("n")).where("status", "=", "pending").where("next_attempt_at", "<=", now).executeTakeFirst();
  hookQueueDepth.set(Number(hooks?.n ?? 0));
  inboundQueueDepth.set(inboundRouter(services).pending());
}
