/**
 * Answers staff wrote in the console inbox, from the moment they press Send until the policy has
 * decided and the text is out (or not). The words are encrypted like every message body, and
 * purged on the same retention window; the outcome and its reasons stay.
 */
import type { StaffRepliesTable, StaffReplyStatus } from "./console-tables.js";
import type { Store } from "./db.js";
import { newId } from "./ids.js";
import { parseJsonColumn } from "./json-column.js";
import type { StoreCrypto } from "./store-crypto.js";

export interface StaffReplyInput {
  inboundId: string;
  phoneIdx: string;
  patientRef: string;
  staffId: string;
  templateId: string | null;
  text: string | null;
}

export interface StaffReply {
  id: string;
  inboundId: string;
  phoneIdx: string;
  patientRef: string;
  staffId: string;
  templateId: string | null;
  status: StaffReplyStatus;
  reasons: string[];
  until: Date | null;
  messageId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function toReply(row: Omit<StaffRepliesTable, "body_ct">): StaffReply {
  return {
    id: row.id,
    inboundId: row.inbound_id,
    phoneIdx: row.phone_idx,
    patientRef: row.patient_ref,
    staffId: row.staff_id,
    templateId: row.template_id,
    status: row.status,
    reasons: parseJsonColumn<string[]>(row.reasons, "staff_replies.reasons"),
    until: row.until == null ? null : new Date(Number(row.until)),
    messageId: row.message_id,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

const COLUMNS = ["id", "inbound_id", "phone_idx", "patient_ref", "staff_id", "template_id", "status", "reasons", "until", "message_id", "created_at", "updated_at", "body_purged_at"] as const;

export async function createStaffReply(store: Store, crypto: StoreCrypto, input: StaffReplyInput, now = new Date()): Promise<string> {
  const id = newId("srp", now.getTime());
  await store.db
    .insertInto("staff_replies")
    .values({
      id,
      inbound_id: input.inboundId,
      phone_idx: input.phoneIdx,
      patient_ref: input.patientRef,
      staff_id: input.staffId,
      template_id: input.templateId,
      body_ct: crypto.cipher.encryptNullable(input.text),
      status: "queued",
      reasons: "[]",
      until: null,
      message_id: null,
      created_at: now.getTime(),
      updated_at: now.getTime(),
      body_purged_at: null,
    })
    .execute();
  return id;
}

export async function getStaffReply(store: Store, id: string): Promise<StaffReply | null> {
  const row = await store.db.selectFrom("staff_replies").select(COLUMNS).where("id", "=", id).executeTakeFirst();
  return row ? toReply(row) : null;
}

/** The staff member's own words; null for a template answer or once purged. */
export async function readStaffReplyText(store: Store, crypto: StoreCrypto, id: string): Promise<string | null> {
  const row = await store.db.selectFrom("staff_replies").select("body_ct").where("id", "=", id).executeTakeFirst();
  return crypto.cipher.decryptNullable(row?.body_ct ?? null);
}

export async function settleStaffReply(store: Store, id: string, outcome: { status: StaffReplyStatus; reasons: string[]; until?: Date | null; messageId?: string | null }, now = new Date()): Promise<void> {
  await store.db
    .updateTable("staff_replies")
    .set({ status: outcome.status, reasons: JSON.stringify(outcome.reasons), until: outcome.until?.getTime() ?? null, message_id: outcome.messageId ?? null, updated_at: now.getTime() })
    .where("id", "=", id)
    .execute();
}

/** Answers written to one phone (a conversation), oldest first, with their words where kept. */
export async function staffRepliesForPhone(store: Store, crypto: StoreCrypto, phoneIdx: string): Promise<Array<StaffReply & { text: string | null }>> {
  const rows = await store.db.selectFrom("staff_replies").selectAll().where("phone_idx", "=", phoneIdx).orderBy("created_at").orderBy("id").execute();
  return rows.map((row) => ({ ...toReply(row), text: crypto.cipher.decryptNullable(row.body_ct) }));
}
