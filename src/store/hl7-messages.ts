import type { Store } from "./db.js";
import type { Hl7MessageStatus } from "./hl7-tables.js";
import type { StoreCrypto } from "./store-crypto.js";

/**
 * The HL7 inbox. `recordHl7Message` is the commit the listener waits for before it answers AA:
 * one insert, keyed by the control id, so a resent message finds its row and is not applied again.
 */
export interface Hl7InboxRow {
  controlId: string;
  event: string;
  messageTime: Date;
  receivedAt: Date;
  attempts: number;
}

export async function recordHl7Message(store: Store, crypto: StoreCrypto, input: { controlId: string; event: string; messageTime: Date; text: string }, now: Date): Promise<{ isNew: boolean }> {
  const inserted = await store.db
    .insertInto("hl7_messages")
    .values({ control_id: input.controlId, event: input.event, message_time: input.messageTime.getTime(), received_at: now.getTime(), status: "pending", appointment_ref: null, body_ct: crypto.cipher.encrypt(input.text), attempts: 0, processed_at: null })
    .onConflict((oc) => oc.column("control_id").doNothing())
    .returning("control_id")
    .execute();
  return { isNew: inserted.length > 0 };
}

/** Messages committed but not yet applied, oldest first: after a crash, these are the work left. */
export async function pendingHl7Messages(store: Store, limit = 500): Promise<Hl7InboxRow[]> {
  const rows = await store.db.selectFrom("hl7_messages").select(["control_id", "event", "message_time", "received_at", "attempts"]).where("status", "=", "pending").orderBy("received_at").orderBy("control_id").limit(limit).execute();
  return rows.map((r) => ({ controlId: r.control_id, event: r.event, messageTime: new Date(Number(r.message_time)), receivedAt: new Date(Number(r.received_at)), attempts: Number(r.attempts) }));
}

export async function readHl7MessageText(store: Store, crypto: StoreCrypto, controlId: string): Promise<string | null> {
  const row = await store.db.selectFrom("hl7_messages").select("body_ct").where("control_id", "=", controlId).executeTakeFirst();
  return crypto.cipher.decryptNullable(row?.body_ct);
}

/** Applied, stale or failed: the body is dropped, the control id stays to recognise a resend. */
export async function finishHl7Message(store: Store, controlId: string, outcome: { status: Exclude<Hl7MessageStatus, "pending">; appointmentRef?: string }, now: Date): Promise<void> {
  await store.db.updateTable("hl7_messages").set({ status: outcome.status, appointment_ref: outcome.appointmentRef ?? null, body_ct: null, processed_at: now.getTime() }).where("control_id", "=", controlId).execute();
}

export async function countHl7Attempt(store: Store, controlId: string): Promise<void> {
  await store.db.updateTable("hl7_messages").set((eb) => ({ attempts: eb("attempts", "+", 1) })).where("control_id", "=", controlId).execute();
}
