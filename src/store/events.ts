/** Domain events (appointment.confirmed, patient.opted_out, ...): ids and references only, never PHI. */
import type { EventsTable } from "./core-tables.js";
import type { Store } from "./db.js";
import { newId } from "./ids.js";
import { prepared } from "./prepared-query.js";
import { parseJsonColumn } from "./json-column.js";

export type EventRefs = Record<string, string>;
export type EventData = Record<string, string | number | boolean | null>;

export interface EventInput {
  type: string;
  refs?: EventRefs;
  data?: EventData;
  occurredAt?: Date;
  /** A deterministic id makes a replayed step record the event once. */
  id?: string;
}

export interface StoredEvent {
  id: string;
  type: string;
  occurredAt: Date;
  refs: EventRefs;
  data: EventData;
}

function toEvent(row: EventsTable): StoredEvent {
  return {
    id: row.id,
    type: row.type,
    occurredAt: new Date(Number(row.occurred_at)),
    refs: parseJsonColumn<EventRefs>(row.refs, "events.refs"),
    data: parseJsonColumn<EventData>(row.data, "events.data"),
  };
}

const insertEvent = prepared((db, v: EventsTable) =>
  db.insertInto("events").values({ id: v.id, type: v.type, occurred_at: v.occurred_at, refs: v.refs, data: v.data }).onConflict((oc) => oc.column("id").doNothing()),
);

/** Appends an event; with a caller-given id, a repeat is ignored. Returns the event's id. */
export async function appendEvent(store: Store, input: EventInput): Promise<string> {
  const at = (input.occurredAt ?? new Date()).getTime();
  const id = input.id ?? newId("evt", at);
  await insertEvent.execute(store.db, { id, type: input.type, occurred_at: at, refs: JSON.stringify(input.refs ?? {}), data: JSON.stringify(input.data ?? {}) });
  return id;
}

export async function getEvent(store: Store, id: string): Promise<StoredEvent | null> {
  const row = await store.db.selectFrom("events").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toEvent(row) : null;
}

/** Newest first, optionally of one type (Zapier polling and performList). */
export async function listEvents(store: Store, opts: { type?: string; limit?: number } = {}): Promise<StoredEvent[]> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 1000);
  let query = store.db.selectFrom("events").selectAll();
  if (opts.type) query = query.where("type", "=", opts.type);
  const rows = await query.orderBy("occurred_at", "desc").orderBy("id", "desc").limit(limit).execute();
  return rows.map(toEvent);
}
