/**
 * Outbound SMS, one row per effect key. The row is written before the provider
 * call, so a retry, a replay or a restart finds it and never sends twice.
 * Status only moves forward: Twilio callbacks arrive late, twice, or out of order.
 */
import { sql, type RawBuilder, type UpdateResult } from "kysely";
import type { OutboundMessagesTable, OutboundStatus } from "./core-tables.js";
import type { Store } from "./db.js";
import { newId } from "./ids.js";
import { prepared, type PreparedQuery } from "./prepared-query.js";
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

type NewOutbound = Omit<OutboundMessagesTable, "provider_sid" | "status" | "error_code" | "body_purged_at">;

const insertOutbound = prepared((db, v: NewOutbound) =>
  db
    .insertInto("outbound_messages")
    .values({
      id: v.id,
      effect_key: v.effect_key,
      patient_ref: v.patient_ref,
      phone_idx: v.phone_idx,
      phone_ct: v.phone_ct,
      body_ct: v.body_ct,
      purpose: v.purpose,
      template_id: v.template_id,
      is_reply: v.is_reply,
      provider_sid: null,
      status: "pending",
      error_code: null,
      created_at: v.created_at,
      updated_at: v.updated_at,
      body_purged_at: null,
      sender: v.sender,
    })
    .onConflict((oc) => oc.column("effect_key").doNothing())
    .returningAll(),
);

const selectByEffectKey = prepared((db, v: { effectKey: string }) => db.selectFrom("outbound_messages").selectAll().where("effect_key", "=", v.effectKey));

async function rowByEffectKey(store: Store, effectKey: string): Promise<OutboundMessagesTable | undefined> {
  const { rows } = await selectByEffectKey.execute(store.db, { effectKey });
  return rows[0];
}

/** Records a message under its effect key, or returns the one already recorded (`created: false`). */
export async function recordOutbound(store: Store, crypto: StoreCrypto, input: OutboundInput, now = new Date()): Promise<{ message: OutboundMessage; created: boolean }> {
  const { rows: inserted } = await insertOutbound.execute(store.db, {
    id: newId("out", now.getTime()),
    effect_key: input.effectKey,
    patient_ref: input.patientRef,
    phone_idx: crypto.index.phone(input.phone),
    phone_ct: crypto.cipher.encrypt(input.phone),
    body_ct: crypto.cipher.encrypt(input.body),
    purpose: input.purpose,
    template_id: input.templateId ?? null,
    is_reply: toBool01(input.isReply ?? false),
    created_at: now.getTime(),
    updated_at: now.getTime(),
    sender: input.sender ?? null,
  });
  if (inserted[0]) return { message: toMessage(inserted[0]), created: true };
  const existing = await rowByEffectKey(store, input.effectKey);
  if (!existing) throw new Error("An outbound message conflicted on its effect key but cannot be read back; retry the send.");
  return { message: toMessage(existing), created: false };
}

export async function getOutbound(store: Store, id: string): Promise<OutboundMessage | null> {
  const row = await store.db.selectFrom("outbound_messages").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toMessage(row) : null;
}

export async function getOutboundByEffectKey(store: Store, effectKey: string): Promise<OutboundMessage | null> {
  const row = await rowByEffectKey(store, effectKey);
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
  await submittedAs(status).execute(store.db, { id, providerSid, now: now.getTime() });
}

/** markSubmitted's update for one status, compiled once: the statuses it moves forward from are fixed by it. */
const submitted = new Map<OutboundStatus, PreparedQuery<{ id: string; providerSid: string; now: number }, UpdateResult>>();

function submittedAs(status: OutboundStatus) {
  let update = submitted.get(status);
  if (!update) {
    const earlier = sql`status in (${sql.join(below(status))})`;
    update = prepared((db, v: { id: string; providerSid: string; now: number }) =>
      db
        .updateTable("outbound_messages")
        .set({
          provider_sid: sql<string>`coalesce(provider_sid, ${v.providerSid})`,
          status: sql<OutboundStatus>`case when ${earlier} then ${status} else status end`,
          updated_at: v.now,
        })
        .where("id", "=", v.id)
        .where(sql<boolean>`(provider_sid is null or ${earlier})`),
    );
    submitted.set(status, update);
  }
  return update;
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

type Who = { patientRef: string; phoneIdx?: string | null } | { phoneIdx: string };

/** One compiled query per kind of history: a phone's, a patient's, or both in one. */
function historyQuery(build: (v: { patientRef: string; phoneIdx: string }) => RawBuilder<boolean>) {
  return prepared((db, v: { patientRef: string; phoneIdx: string; since: number }) =>
    db
      .selectFrom("outbound_messages")
      .select(["created_at", "is_reply", "purpose"])
      .where("created_at", ">=", v.since)
      .where("status", "not in", ["failed", "undelivered"])
      .where(build(v))
      .orderBy("created_at"),
  );
}

const phoneHistory = historyQuery((v) => sql<boolean>`phone_idx = ${v.phoneIdx}`);
const patientHistory = historyQuery((v) => sql<boolean>`patient_ref = ${v.patientRef}`);
const patientOrPhoneHistory = historyQuery((v) => sql<boolean>`(patient_ref = ${v.patientRef} or phone_idx = ${v.phoneIdx})`);

/**
 * Messages that count toward frequency caps since `since`, oldest first: everything
 * recorded except what the carrier refused, including ones still in flight. Given both a
 * patient and a phone, the messages to either, in one query (each message once).
 */
export async function sentHistory(store: Store, who: Who, since: Date): Promise<SentRecord[]> {
  const query = !("patientRef" in who) ? phoneHistory : who.phoneIdx ? patientOrPhoneHistory : patientHistory;
  const { rows } = await query.execute(store.db, { patientRef: "patientRef" in who ? who.patientRef : "", phoneIdx: who.phoneIdx ?? "", since: since.getTime() });
  return rows.map((r) => ({ at: new Date(Number(r.created_at)), isReply: Number(r.is_reply) === 1, purpose: r.purpose }));
}
