/** minnow's own waitlist, for sources (like Acuity) that have none. */
import type { WaitlistStatus, WaitlistTable } from "./core-tables.js";
import type { Store } from "./db.js";
import { newId } from "./ids.js";

export interface WaitlistInput {
  patientRef: string;
  /** Lower is more urgent; default 5. */
  priority?: number;
  requestedStart: Date;
  requestedEnd: Date;
  practitionerRef?: string | null;
  locationRef?: string | null;
}

export interface WaitlistEntry {
  id: string;
  patientRef: string;
  priority: number;
  requestedStart: Date;
  requestedEnd: Date;
  practitionerRef: string | null;
  locationRef: string | null;
  status: WaitlistStatus;
  createdAt: Date;
}

function toEntry(row: WaitlistTable): WaitlistEntry {
  return {
    id: row.id,
    patientRef: row.patient_ref,
    priority: Number(row.priority),
    requestedStart: new Date(Number(row.requested_start)),
    requestedEnd: new Date(Number(row.requested_end)),
    practitionerRef: row.practitioner_ref,
    locationRef: row.location_ref,
    status: row.status,
    createdAt: new Date(Number(row.created_at)),
  };
}

export async function addToWaitlist(store: Store, input: WaitlistInput, now = new Date()): Promise<string> {
  const start = input.requestedStart.getTime();
  const end = input.requestedEnd.getTime();
  if (!(Number.isFinite(start) && Number.isFinite(end) && start < end)) {
    throw new Error("Waitlist requestedStart must be a valid date before requestedEnd.");
  }
  const id = newId("wl", now.getTime());
  await store.db
    .insertInto("waitlist")
    .values({
      id,
      patient_ref: input.patientRef,
      priority: input.priority ?? 5,
      requested_start: start,
      requested_end: end,
      practitioner_ref: input.practitionerRef ?? null,
      location_ref: input.locationRef ?? null,
      status: "waiting",
      created_at: now.getTime(),
    })
    .execute();
  return id;
}

export interface SlotQuery {
  start: Date;
  end: Date;
  practitionerRef?: string | null;
  locationRef?: string | null;
  /** Every reference naming the slot's location (config id, EHR Location, …); wins over locationRef. */
  locationRefs?: readonly string[];
}

/**
 * Waiting entries whose requested period covers the slot and whose practitioner
 * and location (when they named one) match it: most urgent first, then longest waiting.
 */
export async function waitlistCandidates(store: Store, slot: SlotQuery, limit = 100): Promise<WaitlistEntry[]> {
  let query = store.db
    .selectFrom("waitlist")
    .selectAll()
    .where("status", "=", "waiting")
    .where("requested_start", "<=", slot.start.getTime())
    .where("requested_end", ">=", slot.end.getTime());
  const locations = slot.locationRefs?.length ? [...slot.locationRefs] : slot.locationRef ? [slot.locationRef] : [];
  if (slot.practitionerRef) query = query.where((eb) => eb.or([eb("practitioner_ref", "is", null), eb("practitioner_ref", "=", slot.practitionerRef ?? "")]));
  if (locations.length) query = query.where((eb) => eb.or([eb("location_ref", "is", null), eb("location_ref", "in", locations)]));
  const rows = await query.orderBy("priority").orderBy("created_at").orderBy("id").limit(limit).execute();
  return rows.map(toEntry);
}

export async function setWaitlistStatus(store: Store, id: string, status: WaitlistStatus): Promise<boolean> {
  const result = await store.db.updateTable("waitlist").set({ status }).where("id", "=", id).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function waitlistForPatient(store: Store, patientRef: string): Promise<WaitlistEntry[]> {
  const rows = await store.db.selectFrom("waitlist").selectAll().where("patient_ref", "=", patientRef).orderBy("created_at").execute();
  return rows.map(toEntry);
}
