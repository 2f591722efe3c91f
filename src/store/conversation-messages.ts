/**
 * Every text to and from one phone, decrypted, for the staff view of a conversation. Bodies
 * purged by retention come back as null; the rows (times, outcomes) stay.
 */
import type { OutboundStatus } from "./core-tables.js";
import type { Store } from "./db.js";
import type { StoreCrypto } from "./store-crypto.js";

export interface ConversationMessage {
  id: string;
  direction: "in" | "out";
  at: Date;
  body: string | null;
  /** Inbound: the intent the router read. Outbound: the purpose (a template id, "reply:help", "staff-reply"). */
  kind: string | null;
  needsStaff: boolean;
  patientRef: string | null;
  status: OutboundStatus | null;
}

export async function conversationMessages(store: Store, crypto: StoreCrypto, phoneIdx: string, limit = 200): Promise<ConversationMessage[]> {
  const [inbound, outbound] = await Promise.all([
    store.db.selectFrom("inbound_messages").select(["id", "received_at", "body_ct", "intent", "needs_staff"]).where("phone_idx", "=", phoneIdx).orderBy("received_at", "desc").limit(limit).execute(),
    store.db.selectFrom("outbound_messages").select(["id", "created_at", "body_ct", "purpose", "patient_ref", "status"]).where("phone_idx", "=", phoneIdx).orderBy("created_at", "desc").limit(limit).execute(),
  ]);
  const messages: ConversationMessage[] = [
    ...inbound.map((r) => ({ id: r.id, direction: "in" as const, at: new Date(Number(r.received_at)), body: crypto.cipher.decryptNullable(r.body_ct), kind: r.intent, needsStaff: Number(r.needs_staff) === 1, patientRef: null, status: null })),
    ...outbound.map((r) => ({ id: r.id, direction: "out" as const, at: new Date(Number(r.created_at)), body: crypto.cipher.decryptNullable(r.body_ct), kind: r.purpose, needsStaff: false, patientRef: r.patient_ref, status: r.status })),
  ];
  return messages.sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id)).slice(-limit);
}

/** The phone a patient's texts go to and come from, by the patient's reference. */
export async function phoneIdxOfPatient(store: Store, patientRef: string): Promise<string | null> {
  const row = await store.db.selectFrom("contacts").select("phone_idx").where("patient_ref", "=", patientRef).executeTakeFirst();
  return row?.phone_idx ?? null;
}
