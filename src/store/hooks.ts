/** REST-hook subscriptions and their deliveries. Secrets are encrypted like PHI: they sign payloads. */
import type { DeliveryStatus, HookDeliveriesTable, HookStatus, HookSubscriptionsTable } from "./core-tables.js";
import type { Store } from "./db.js";
import { newId } from "./ids.js";
import type { StoreCrypto } from "./store-crypto.js";

export interface Hook {
  id: string;
  event: string;
  targetUrl: string;
  status: HookStatus;
  failures: number;
  createdAt: Date;
  disabledAt: Date | null;
}

function toHook(row: HookSubscriptionsTable): Hook {
  return {
    id: row.id,
    event: row.event,
    targetUrl: row.target_url,
    status: row.status,
    failures: Number(row.failures),
    createdAt: new Date(Number(row.created_at)),
    disabledAt: row.disabled_at == null ? null : new Date(Number(row.disabled_at)),
  };
}

export async function createHook(store: Store, crypto: StoreCrypto, input: { event: string; targetUrl: string; secret: string }, now = new Date()): Promise<string> {
  const id = newId("hook", now.getTime());
  await store.db
    .insertInto("hook_subscriptions")
    .values({ id, event: input.event, target_url: input.targetUrl, secret_ct: crypto.cipher.encrypt(input.secret), status: "active", failures: 0, created_at: now.getTime(), disabled_at: null })
    .execute();
  return id;
}

export async function getHook(store: Store, id: string): Promise<Hook | null> {
  const row = await store.db.selectFrom("hook_subscriptions").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toHook(row) : null;
}

export async function readHookSecret(store: Store, crypto: StoreCrypto, id: string): Promise<string | null> {
  const row = await store.db.selectFrom("hook_subscriptions").select("secret_ct").where("id", "=", id).executeTakeFirst();
  return row ? crypto.cipher.decrypt(row.secret_ct) : null;
}

/** Hooks, oldest first; by default only active ones, optionally for one event type. */
export async function listHooks(store: Store, opts: { event?: string; includeInactive?: boolean } = {}): Promise<Hook[]> {
  let query = store.db.selectFrom("hook_subscriptions").selectAll();
  if (opts.event) query = query.where("event", "=", opts.event);
  if (!opts.includeInactive) query = query.where("status", "=", "active");
  const rows = await query.orderBy("created_at").orderBy("id").execute();
  return rows.map(toHook);
}

/** Disables or unsubscribes a hook; true only for the call that changed it from active. */
export async function deactivateHook(store: Store, id: string, status: Exclude<HookStatus, "active">, now = new Date()): Promise<boolean> {
  const result = await store.db.updateTable("hook_subscriptions").set({ status, disabled_at: now.getTime() }).where("id", "=", id).where("status", "=", "active").executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Counts a failed delivery in a row; returns the new count. A success resets it with resetHookFailures. */
export async function recordHookFailure(store: Store, id: string): Promise<number> {
  await store.db.updateTable("hook_subscriptions").set((eb) => ({ failures: eb("failures", "+", 1) })).where("id", "=", id).execute();
  return (await getHook(store, id))?.failures ?? 0;
}

export async function resetHookFailures(store: Store, id: string): Promise<void> {
  await store.db.updateTable("hook_subscriptions").set({ failures: 0 }).where("id", "=", id).execute();
}

export interface Delivery {
  id: string;
  hookId: string;
  eventId: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatus: number | null;
}

function toDelivery(row: HookDeliveriesTable): Delivery {
  return {
    id: row.id,
    hookId: row.hook_id,
    eventId: row.event_id,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at == null ? null : new Date(Number(row.next_attempt_at)),
    lastStatus: row.last_status == null ? null : Number(row.last_status),
  };
}

/** Queues one delivery of an event to a hook; a second call for the same pair returns the first. */
export async function enqueueDelivery(store: Store, hookId: string, eventId: string, now = new Date()): Promise<{ id: string; created: boolean }> {
  const inserted = await store.db
    .insertInto("hook_deliveries")
    .values({ id: newId("dlv", now.getTime()), hook_id: hookId, event_id: eventId, status: "pending", attempts: 0, next_attempt_at: now.getTime(), last_status: null, created_at: now.getTime(), updated_at: now.getTime() })
    .onConflict((oc) => oc.columns(["hook_id", "event_id"]).doNothing())
    .returning("id")
    .execute();
  if (inserted[0]) return { id: inserted[0].id, created: true };
  const row = await store.db.selectFrom("hook_deliveries").select("id").where("hook_id", "=", hookId).where("event_id", "=", eventId).executeTakeFirstOrThrow();
  return { id: row.id, created: false };
}

/** Pending deliveries whose next attempt is due, oldest due first. */
export async function dueDeliveries(store: Store, now = new Date(), limit = 50): Promise<Delivery[]> {
  const rows = await store.db.selectFrom("hook_deliveries").selectAll().where("status", "=", "pending").where("next_attempt_at", "<=", now.getTime()).orderBy("next_attempt_at").orderBy("id").limit(limit).execute();
  return rows.map(toDelivery);
}

/** Records one attempt: its HTTP status (null on a network error), the new state and the next retry. */
export async function recordDeliveryAttempt(
  store: Store,
  id: string,
  outcome: { status: DeliveryStatus; lastStatus: number | null; nextAttemptAt: Date | null },
  now = new Date(),
): Promise<void> {
  await store.db
    .updateTable("hook_deliveries")
    .set((eb) => ({ attempts: eb("attempts", "+", 1), status: outcome.status, last_status: outcome.lastStatus, next_attempt_at: outcome.nextAttemptAt?.getTime() ?? null, updated_at: now.getTime() }))
    .where("id", "=", id)
    .execute();
}
