/**
 * The staff inbox: inbound messages the router marked as needing a person (`needs_staff`), with
 * the console's own state beside them (read, assigned, resolved) in `inbox_states`. Resolving an
 * item keeps it and its history; a new message on the same phone is a new item.
 */
import type { Store } from "./db.js";
import type { InboxStatesTable } from "./console-tables.js";

export interface InboxItem {
  inboundId: string;
  phoneIdx: string;
  sender: string;
  intent: string | null;
  receivedAt: Date;
  readAt: Date | null;
  assignedTo: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
}

const date = (ms: number | null | undefined): Date | null => (ms == null ? null : new Date(Number(ms)));

function items(store: Store) {
  return store.db
    .selectFrom("inbound_messages as m")
    .leftJoin("inbox_states as s", "s.inbound_id", "m.id")
    .select(["m.id", "m.phone_idx", "m.sender", "m.intent", "m.received_at", "s.read_at", "s.assigned_to", "s.resolved_at", "s.resolved_by"])
    .where("m.needs_staff", "=", 1);
}

type Row = { id: string; phone_idx: string; sender: string; intent: string | null; received_at: number; read_at: number | null; assigned_to: string | null; resolved_at: number | null; resolved_by: string | null };

function toItem(row: Row): InboxItem {
  return {
    inboundId: row.id,
    phoneIdx: row.phone_idx,
    sender: row.sender,
    intent: row.intent,
    receivedAt: new Date(Number(row.received_at)),
    readAt: date(row.read_at),
    assignedTo: row.assigned_to,
    resolvedAt: date(row.resolved_at),
    resolvedBy: row.resolved_by,
  };
}

/** Items needing a person, newest first; `resolved` picks the open ones (false) or the history (true). */
export async function listInboxItems(store: Store, opts: { resolved: boolean; limit?: number }): Promise<InboxItem[]> {
  const query = items(store).where("s.resolved_at", opts.resolved ? "is not" : "is", null);
  const rows = await query.orderBy("m.received_at", "desc").orderBy("m.id", "desc").limit(opts.limit ?? 500).execute();
  return rows.map(toItem);
}

/** Every item ever raised on one phone (one conversation), oldest first. */
export async function inboxItemsOnPhone(store: Store, phoneIdx: string): Promise<InboxItem[]> {
  const rows = await items(store).where("m.phone_idx", "=", phoneIdx).orderBy("m.received_at").orderBy("m.id").execute();
  return rows.map(toItem);
}

async function upsertStates(store: Store, inboundIds: readonly string[], values: Partial<Omit<InboxStatesTable, "inbound_id">>): Promise<void> {
  for (const inboundId of inboundIds) {
    await store.db
      .insertInto("inbox_states")
      .values({ inbound_id: inboundId, read_at: null, read_by: null, assigned_to: null, assigned_at: null, resolved_at: null, resolved_by: null, ...values })
      .onConflict((oc) => oc.column("inbound_id").doUpdateSet(values))
      .execute();
  }
}

export function markInboxRead(store: Store, inboundIds: readonly string[], staffId: string, now = new Date()): Promise<void> {
  return upsertStates(store, inboundIds, { read_at: now.getTime(), read_by: staffId });
}

export function assignInboxItems(store: Store, inboundIds: readonly string[], staffId: string | null, now = new Date()): Promise<void> {
  return upsertStates(store, inboundIds, { assigned_to: staffId, assigned_at: staffId ? now.getTime() : null });
}

export function resolveInboxItems(store: Store, inboundIds: readonly string[], staffId: string, now = new Date()): Promise<void> {
  return upsertStates(store, inboundIds, { resolved_at: now.getTime(), resolved_by: staffId });
}

/** Open items nobody has read yet: the inbox's unread count. */
export async function countUnreadInbox(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom("inbound_messages as m")
    .leftJoin("inbox_states as s", "s.inbound_id", "m.id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("m.needs_staff", "=", 1)
    .where("s.resolved_at", "is", null)
    .where("s.read_at", "is", null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The newest open item on each of these phones (what "needs a person" on a schedule links to). */
export async function openItemsOnPhones(store: Store, phoneIdxs: readonly string[]): Promise<Map<string, InboxItem>> {
  const found = new Map<string, InboxItem>();
  if (phoneIdxs.length === 0) return found;
  const rows = await items(store).where("m.phone_idx", "in", [...new Set(phoneIdxs)]).where("s.resolved_at", "is", null).orderBy("m.received_at", "desc").execute();
  for (const row of rows) if (!found.has(row.phone_idx)) found.set(row.phone_idx, toItem(row));
  return found;
}
