import type { AppointmentRecord } from "../../connectors/records.js";
import type { Store } from "./db.js";
import type { StoreCrypto } from "./store-crypto.js";

/**
 * The latest state of each appointment the HL7 feed described: the source of truth a workflow
 * re-reads at wake for an `hl7:` reference. The record (times, phone, first name) is encrypted;
 * `slot_idx` is a keyed hash of practitioner and start, so "is this slot booked by someone else"
 * is a lookup without a stored time.
 */
export interface Hl7Appointment {
  record: AppointmentRecord;
  firstName?: string;
  messageTime: Date;
}

interface Stored {
  record: Omit<AppointmentRecord, "start" | "end"> & { start: string; end?: string };
  firstName?: string;
}

/** A keyed hash of the start's UTC date: finds a day's appointments without storing a date. */
export function hl7DayIndex(crypto: StoreCrypto, start: Date): string {
  return crypto.index.hmac("hl7-day", start.toISOString().slice(0, 10));
}

export function hl7SlotIndex(crypto: StoreCrypto, slot: { start: Date; practitionerRef?: string }): string {
  return crypto.index.hmac("hl7-slot", `${slot.practitionerRef ?? ""}|${slot.start.toISOString()}`);
}

/**
 * Stores this state unless a newer message (by MSH-7) already did; a message of the same time
 * is applied again, so a retry after a crash completes. Returns false for an older message.
 */
export async function putHl7Appointment(store: Store, crypto: StoreCrypto, input: { record: AppointmentRecord; firstName?: string; messageTime: Date; controlId: string }, now: Date): Promise<boolean> {
  const { record } = input;
  const { start, end, ...rest } = record;
  const stored: Stored = { record: { ...rest, start: start.toISOString(), ...(end ? { end: end.toISOString() } : {}) }, ...(input.firstName ? { firstName: input.firstName } : {}) };
  const values = { message_time: input.messageTime.getTime(), control_id: input.controlId, status: record.status, slot_idx: hl7SlotIndex(crypto, record), day_idx: hl7DayIndex(crypto, record.start), record_ct: crypto.cipher.encrypt(JSON.stringify(stored)), updated_at: now.getTime() };
  const written = await store.db
    .insertInto("hl7_appointments")
    .values({ ref: record.ref, ...values })
    .onConflict((oc) => oc.column("ref").doUpdateSet(values).where("hl7_appointments.message_time", "<=", values.message_time))
    .returning("ref")
    .execute();
  return written.length > 0;
}

function decryptRow(crypto: StoreCrypto, row: { record_ct: string; message_time: number }): Hl7Appointment {
  const stored = JSON.parse(crypto.cipher.decrypt(row.record_ct)) as Stored;
  const { start, end, ...rest } = stored.record;
  const record: AppointmentRecord = { ...rest, start: new Date(start), ...(end ? { end: new Date(end) } : {}) };
  return { record, ...(stored.firstName ? { firstName: stored.firstName } : {}), messageTime: new Date(Number(row.message_time)) };
}

export async function getHl7Appointment(store: Store, crypto: StoreCrypto, ref: string): Promise<Hl7Appointment | null> {
  const row = await store.db.selectFrom("hl7_appointments").select(["record_ct", "message_time"]).where("ref", "=", ref).executeTakeFirst();
  return row ? decryptRow(crypto, row) : null;
}

/** The UTC dates a window touches, each as its day index. */
function dayIndexes(crypto: StoreCrypto, window: { from: Date; to: Date }): string[] {
  const indexes: string[] = [];
  for (let day = Date.UTC(window.from.getUTCFullYear(), window.from.getUTCMonth(), window.from.getUTCDate()); day < window.to.getTime(); day += 86_400_000) {
    indexes.push(hl7DayIndex(crypto, new Date(day)));
  }
  return indexes;
}

/** Rows stored before day indexes existed get theirs now, so each is decrypted once. */
async function indexUndatedRows(store: Store, crypto: StoreCrypto): Promise<void> {
  const rows = await store.db.selectFrom("hl7_appointments").select(["ref", "record_ct", "message_time"]).where("day_idx", "is", null).execute();
  for (const row of rows) {
    const { record } = decryptRow(crypto, row);
    await store.db.updateTable("hl7_appointments").set({ day_idx: hl7DayIndex(crypto, record.start) }).where("ref", "=", row.ref).execute();
  }
}

/** The appointments the feed last described as starting in [from, to), in any status. */
export async function listHl7Appointments(store: Store, crypto: StoreCrypto, window: { from: Date; to: Date }): Promise<Hl7Appointment[]> {
  await indexUndatedRows(store, crypto);
  const indexes = dayIndexes(crypto, window);
  if (indexes.length === 0) return [];
  const rows = await store.db.selectFrom("hl7_appointments").select(["record_ct", "message_time"]).where("day_idx", "in", indexes).execute();
  return rows.map((row) => decryptRow(crypto, row)).filter((a) => a.record.start >= window.from && a.record.start < window.to);
}

/** Another appointment the feed says is booked in this slot (staff filled it by hand). */
export async function hl7SlotRebooked(store: Store, crypto: StoreCrypto, slot: { ref: string; start: Date; practitionerRef?: string }): Promise<boolean> {
  const row = await store.db.selectFrom("hl7_appointments").select("ref").where("slot_idx", "=", hl7SlotIndex(crypto, slot)).where("status", "=", "booked").where("ref", "!=", slot.ref).executeTakeFirst();
  return row !== undefined;
}
