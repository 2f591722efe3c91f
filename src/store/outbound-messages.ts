/**
 * Outbound SMS, one row per effect key. The row is written before the provider
 * call, so a retry, a replay or a restart finds it and never sends twice.
 * Status only moves forward: Twilio callbacks arrive late, twice, or out of order.
 */
import { sql } from "kysely";
import type { OutboundMessagesTable, OutboundStatus } from "./core-tables.js";
import type { Store } from "./db.js";
import { newId } from "./ids.js";
import { toBool01 } from "./json-column.js";
import type { StoreCrypto } from "./store-crypto.js";

const RANK: Record<OutboundStatus, number> = { pending: 0, queued: 1, sending: 2, sent: 3, delivered: 4, undelivered: 4, failed: 4 };
const STATUSES = Object.keys(RANK) as OutboundStatus[];
const below = (status: OutboundStatus): OutboundStatus[] => STATUSES.filter((s) => RANK[s] < RANK[status]);

export function isOutboundStatus(value: string): value is OutboundStatus {
  return Object.hasOwn(RANK, value);
}

export interface OutboundInput {
  effectKey: string;
  patientRef: string | null;
  phone: string;
  body: string;
  purpose: string;
  templateId?: string | null;
  isReply?: boolean;
  /** The sender it goes out from (a location's, or the practice's). */
  sender?: string | null;
}

export interface OutboundMessage {
  id: string;
  effectKey: string;
  patientRef: string | null;
  phoneIdx: string;
  purpose: string;
  templateId: string | null;
  isReply: boolean;
  providerSid: string | null;
  status: OutboundStatus;
  errorCode: string | null;
  createdAt: Date;
  updatedAt: Date;
  bodyPurgedAt: Date | null;
  sender: string | null;
}

function toMessage(row: OutboundMessagesTable): OutboundMessage {
  return {
    id: row.id,
    effectKey: row.effect_key,
    patientRef: row.patient_ref,
    phoneIdx: row.phone_idx,
    purpose: row.purpose,
    templateId: row.template_id,
    isReply: Number(row.is_reply) === 1,
    providerSid: row.provider_sid,
    status: row.status,
    errorCode: row.error_code,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
    bodyPurgedAt: row.body_purged_at == null ? null : new Date(Number(row.body_purged_at)),
    sender: row.sender ?? null,
  };
}

/** Records a message under its effect key, or returns the one already recorded (`created: false`). */
export async function recordOutbound(store: Store, crypto: StoreCrypto, input: OutboundInput, now = new Date()): Promise<{ message: OutboundMessage; created: boolean }> {
  const inserted = await store.db
    .insertInto("outbound_messages")
    .values({
      id: newId("out", now.getTime()),
      effect_key: input.effectKey,
      patient_ref: input.patientRef,
      phone_idx: crypto.index.phone(input.phone),
      phone_ct: crypto.cipher.encrypt(input.phone),
      body_ct: crypto.cipher.encrypt(input.body),
      purpose: input.purpose,
      template_id: input.templateId ?? null,
      is_reply: toBool01(input.isReply ?? false),
      provider_sid: null,
      status: "pending",
      error_code: null,
      created_at: now.getTime(),
      updated_at: now.getTime(),
      body_purged_at: null,
      sender: input.sender ?? null,
    })
    .onConflict((oc) => oc.column("effect_key").doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { message: toMessage(inserted), created: true };
  const row = await store.db.selectFrom("outbound_messages").selectAll().where("effect_key", "=", input.effectKey).executeTakeFirstOrThrow();
  return { message: toMessage(row), created: false };
}

export async function getOutbound(store: Store, id: string): Promise<OutboundMessage | null> {
  const row = await store.db.selectFrom("outbound_messages").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toMessage(row) : null;
}

export async function getOutboundByEffectKey(store: Store, effectKey: string): Promise<OutboundMessage | null> {
  const row = await store.db.selectFrom("outbound_messages").selectAll().where("effect_key", "=", effectKey).executeTakeFirst();
  return row ? toMessage(row) : null;
}

/** The phone and body to hand to the provider; body is null once purged. */
export async function readOutboundContent(store: Store, crypto: StoreCrypto, id: string): Promise<{ phone: string; body: string | null } | null> {
  const row = await store.db.selectFrom("outbound_messages").select(["phone_ct", "body_ct"]).where("id", "=", id).executeTakeFirst();
  return row ? { phone: crypto.cipher.decrypt(row.phone_ct), body: crypto.cipher.decryptNullable(row.body_ct) } : null;
}

/**
 * Stores the provider's id and initial status after a successful submit, in one statement: the id
 * only if none is stored yet, the status only if it moves forward (a callback may have come first).
 */
export async function markSubmitted(store: Store, id: string, providerSid: string, status: OutboundStatus = "queued", now = new Date()): Promise<void> {
  // Plain SQL fragments: on the path of every send, they skip building an expression builder each time.
  const earlier = sql`status in (${sql.join(below(status))})`;
  await store.db
    .updateTable("outbound_messages")
    .set({
      provider_sid: sql<string>`coalesce(provider_sid, ${providerSid})`,
      status: sql<OutboundStatus>`case when ${earlier} then ${status} else status end`,
      updated_at: now.getTime(),
    })
    .where("id", "=", id)
    .where(sql<boolean>`(provider_sid is null or ${earlier})`)
    .execute();
}

/** Records a refusal from the provider (no sid), e.g. 21610 or 21211. */
export async function markFailed(store: Store, id: string, errorCode: string, now = new Date()): Promise<void> {
  await store.db.updateTable("outbound_messages").set({ status: "failed", error_code: errorCode, updated_at: now.getTime() }).where("id", "=", id).execute();
}

export type StatusUpdate = "updated" | "unchanged" | "unknown-sid";

/** Applies a status callback; a stale or repeated one changes nothing. */
export async function updateStatusBySid(store: Store, providerSid: string, status: OutboundStatus, errorCode: string | null = null, now = new Date()): Promise<StatusUpdate> {
  const result = await store.db
    .updateTable("outbound_messages")
    .set({ status, updated_at: now.getTime(), ...(errorCode ? { error_code: errorCode } : {}) })
    .where("provider_sid", "=", providerSid)
    .where("status", "in", below(status))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) > 0) return "updated";
  const known = await store.db.selectFrom("outbound_messages").select("id").where("provider_sid", "=", providerSid).executeTakeFirst();
  return known ? "unchanged" : "unknown-sid";
}

export interface SentRecord {
  at: Date;
  isReply: boolean;
  purpose: string;
}

function whoseHistory(who: { patientRef: string; phoneIdx?: string | null } | { phoneIdx: string }) {
  if (!("patientRef" in who)) return sql<boolean>`phone_idx = ${who.phoneIdx}`;
  return who.phoneIdx ? sql<boolean>`(patient_ref = ${who.patientRef} or phone_idx = ${who.phoneIdx})` : sql<boolean>`patient_ref = ${who.patientRef}`;
}

/**
 * Messages that count toward frequency caps since `since`, oldest first: everything
 * recorded except what the carrier refused, including ones still in flight. Given both a
 * patient and a phone, the messages to either, in one query (each message once).
 */
export async function sentHistory(store: Store, who: { patientRef: string; phoneIdx?: string | null } | { phoneIdx: string }, since: Date): Promise<SentRecord[]> {
  const rows = await store.db
    .selectFrom("outbound_messages")
    .select(["created_at", "is_reply", "purpose"])
    .where("created_at", ">=", since.getTime())
    .where("status", "not in", ["failed", "undelivered"])
    .where(whoseHistory(who))
    .orderBy("created_at")
    .execute();
  return rows.map((r) => ({ at: new Date(Number(r.created_at)), isReply: Number(r.is_reply) === 1, purpose: r.purpose }));
}
