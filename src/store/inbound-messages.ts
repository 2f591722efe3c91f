/** Inbound SMS, unique on the provider's message id: Twilio retries webhooks, we record once. */
import type { InboundMessagesTable } from "./core-tables.js";
import type { Store } from "./db.js";
import { newId } from "./ids.js";
import { toBool01 } from "./json-column.js";
import type { StoreCrypto } from "./store-crypto.js";

export interface InboundInput {
  providerSid: string;
  phone: string;
  sender: string;
  body: string;
  intent?: string | null;
  receivedAt?: Date;
  /** Twilio Advanced Opt-Out answered this keyword itself: "STOP", "START" or "HELP". */
  optOutType?: string | null;
}

export interface InboundMessage {
  id: string;
  providerSid: string;
  phoneIdx: string;
  sender: string;
  intent: string | null;
  routedTo: string | null;
  needsStaff: boolean;
  receivedAt: Date;
  bodyPurgedAt: Date | null;
  optOutType: string | null;
}

function toMessage(row: InboundMessagesTable): InboundMessage {
  return {
    id: row.id,
    providerSid: row.provider_sid,
    phoneIdx: row.phone_idx,
    sender: row.sender,
    intent: row.intent,
    routedTo: row.routed_to,
    needsStaff: Number(row.needs_staff) === 1,
    receivedAt: new Date(Number(row.received_at)),
    bodyPurgedAt: row.body_purged_at == null ? null : new Date(Number(row.body_purged_at)),
    optOutType: row.opt_out_type ?? null,
  };
}

/** Records an inbound message; `isNew` is false when this provider id was already recorded. */
export async function recordInbound(store: Store, crypto: StoreCrypto, input: InboundInput): Promise<{ id: string; isNew: boolean }> {
  const at = (input.receivedAt ?? new Date()).getTime();
  const inserted = await store.db
    .insertInto("inbound_messages")
    .values({
      id: newId("in", at),
      provider_sid: input.providerSid,
      phone_idx: crypto.index.phone(input.phone),
      phone_ct: crypto.cipher.encrypt(input.phone),
      sender: input.sender,
      body_ct: crypto.cipher.encrypt(input.body),
      intent: input.intent ?? null,
      routed_to: null,
      needs_staff: 0,
      received_at: at,
      body_purged_at: null,
      opt_out_type: input.optOutType ?? null,
    })
    .onConflict((oc) => oc.column("provider_sid").doNothing())
    .returning("id")
    .execute();
  if (inserted[0]) return { id: inserted[0].id, isNew: true };
  const existing = await store.db.selectFrom("inbound_messages").select("id").where("provider_sid", "=", input.providerSid).executeTakeFirstOrThrow();
  return { id: existing.id, isNew: false };
}

/** Records where a reply went: a workflow signal key, "staff", or an intent handler. */
export async function markInboundRouted(store: Store, id: string, route: { intent: string; routedTo: string | null; needsStaff: boolean }): Promise<void> {
  await store.db.updateTable("inbound_messages").set({ intent: route.intent, routed_to: route.routedTo, needs_staff: toBool01(route.needsStaff) }).where("id", "=", id).execute();
}

export async function getInbound(store: Store, id: string): Promise<InboundMessage | null> {
  const row = await store.db.selectFrom("inbound_messages").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toMessage(row) : null;
}

/** Decrypted phone and body for the staff inbox; body is null once purged. */
export async function readInboundContent(store: Store, crypto: StoreCrypto, id: string): Promise<{ phone: string; body: string | null } | null> {
  const row = await store.db.selectFrom("inbound_messages").select(["phone_ct", "body_ct"]).where("id", "=", id).executeTakeFirst();
  return row ? { phone: crypto.cipher.decrypt(row.phone_ct), body: crypto.cipher.decryptNullable(row.body_ct) } : null;
}

/** The staff inbox: replies needing a human, newest first. */
export async function listStaffInbox(store: Store, limit = 100): Promise<InboundMessage[]> {
  const rows = await store.db.selectFrom("inbound_messages").selectAll().where("needs_staff", "=", 1).orderBy("received_at", "desc").orderBy("id", "desc").limit(limit).execute();
  return rows.map(toMessage);
}
