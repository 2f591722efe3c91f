/**
 * Queues a delivery for each event an active hook has not had yet. Events are appended by many
 * parts of minnow through the store; this pass finds the new ones, so no producer needs to know
 * about hooks. A hook receives events that occurred from its creation on, never older history.
 */
import type { Services } from "../runtime/services.js";
import { enqueueDelivery, listHooks } from "../store/hooks.js";

export async function enqueueNewEvents(services: Pick<Services, "store" | "clock">, perHookLimit = 200): Promise<number> {
  const { db } = services.store;
  const now = services.clock.now();
  let queued = 0;
  for (const hook of await listHooks(services.store)) {
    const events = await db
      .selectFrom("events")
      .select("id")
      .where("type", "=", hook.event)
      .where("occurred_at", ">=", hook.createdAt.getTime())
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom("hook_deliveries").select("hook_deliveries.id").where("hook_deliveries.hook_id", "=", hook.id).whereRef("hook_deliveries.event_id", "=", "events.id"))),
      )
      .orderBy("occurred_at")
      .orderBy("id")
      .limit(perHookLimit)
      .execute();
    for (const event of events) {
      if ((await enqueueDelivery(services.store, hook.id, event.id, now)).created) queued += 1;
    }
  }
  return queued;
}
