import type { Appointment } from "@medplum/fhirtypes";
import type { FreedSlot } from "../connectors/fhir/actions/book-waitlisted.js";
import { parseInstant } from "../connectors/fhir/mapped.js";
import { participantRef } from "../connectors/fhir/references.js";
import { resourcesOfType } from "../connectors/fhir/search-pages.js";
import { resolveLocation, type ResolvedLocation } from "../src/locations/resolve-location.js";
import { beforeInZone } from "../src/policy/local-offset.js";
import type { Services } from "../src/runtime/services.js";
import { getHl7Appointment, hl7SlotRebooked } from "../src/store/hl7-appointments.js";
import { slotClaimant } from "../src/store/slot-claims.js";
import { readFhirAppointment, requireFhir } from "./source-reads.js";
import { slotKey } from "./workflow-keys.js";

/**
 * The slot a cancelled appointment freed, read from the EHR by reference whenever it is needed,
 * so its times never travel through the engine.
 */
export type SlotState = "free" | "claimed" | "rebooked" | "not-cancelled" | "gone";

export function slotOf(appointment: Appointment): FreedSlot | null {
  const start = parseInstant(appointment.start);
  const end = parseInstant(appointment.end);
  if (!(start instanceof Date)) return null;
  const slot: FreedSlot = { start, end: end instanceof Date ? end : new Date(start.getTime() + (appointment.minutesDuration ?? 30) * 60_000) };
  const practitionerRef = participantRef(appointment.participant, "Practitioner");
  const locationRef = participantRef(appointment.participant, "Location");
  if (practitionerRef) slot.practitionerRef = practitionerRef;
  if (locationRef) slot.locationRef = locationRef;
  return slot;
}

export interface FreedSlotRead {
  slot: FreedSlot;
  cancelled: boolean;
  /** Who held the slot: never offered it back. */
  patientRef?: string;
}

const DEFAULT_MINUTES = 30;

/** An HL7 slot, as the feed last described the appointment (it has no EHR to read). */
async function readHl7Slot(services: Services, cancelledRef: string): Promise<FreedSlotRead | null> {
  const latest = await getHl7Appointment(services.store, services.crypto, cancelledRef);
  if (!latest) return null;
  const { record } = latest;
  const slot: FreedSlot = { start: record.start, end: record.end ?? new Date(record.start.getTime() + DEFAULT_MINUTES * 60_000) };
  if (record.practitionerRef) slot.practitionerRef = record.practitionerRef;
  if (record.locationRef) slot.locationRef = record.locationRef;
  return { slot, cancelled: record.status === "cancelled", patientRef: record.patientRef };
}

export function isHl7Ref(ref: string): boolean {
  return ref.startsWith("hl7:");
}

export async function readFreedSlot(services: Services, cancelledRef: string): Promise<FreedSlotRead | null> {
  if (isHl7Ref(cancelledRef)) return readHl7Slot(services, cancelledRef);
  const appointment = await readFhirAppointment(requireFhir(services, "A waitlist fill"), cancelledRef);
  const slot = appointment ? slotOf(appointment) : null;
  if (!appointment || !slot) return null;
  const patientRef = participantRef(appointment.participant, "Patient");
  return { slot, cancelled: appointment.status === "cancelled", ...(patientRef ? { patientRef } : {}) };
}

/** Where the freed slot is: its zone writes the offer's times and sets the cutoff, its sender sends. */
export function slotLocation(services: Services, cancelledRef: string, slot: FreedSlot): Promise<ResolvedLocation> {
  return resolveLocation(services, { ref: cancelledRef, ...(slot.locationRef ? { locationRef: slot.locationRef } : {}), ...(slot.practitionerRef ? { practitionerRef: slot.practitionerRef } : {}) });
}

/** The last moment to offer the slot: `cutoffHours` before its start, counted in the location's zone. */
export function offerCutoff(services: Pick<Services, "config">, slot: FreedSlot, location: Pick<ResolvedLocation, "timeZone">): Date {
  return beforeInZone(slot.start, services.config.waitlist.cutoffHours * 3_600_000, location.timeZone);
}

const ACTIVE = new Set(["booked", "arrived", "checked-in", "pending", "proposed"]);

/** Did staff fill the slot by hand? Another active appointment with the same practitioner at the same start. */
async function rebookedByStaff(services: Services, cancelledRef: string, slot: FreedSlot): Promise<boolean> {
  const client = requireFhir(services, "A waitlist fill");
  const bundle = await client.search("Appointment", { date: [`ge${slot.start.toISOString()}`, `lt${slot.end.toISOString()}`], _count: 100 });
  return resourcesOfType<Appointment>(bundle, "Appointment").some((other) => {
    if (`Appointment/${other.id ?? ""}` === cancelledRef || !ACTIVE.has(other.status ?? "")) return false;
    const start = parseInstant(other.start);
    if (!(start instanceof Date) || start.getTime() !== slot.start.getTime()) return false;
    return !slot.practitionerRef || participantRef(other.participant, "Practitioner") === slot.practitionerRef;
  });
}

/** Is the slot still there to offer? Checked before every batch, since staff may fill it by hand. */
export async function slotState(services: Services, cancelledRef: string): Promise<SlotState> {
  if (await slotClaimant(services.store, slotKey(cancelledRef))) return "claimed";
  const freed = await readFreedSlot(services, cancelledRef);
  if (!freed) return "gone";
  if (!freed.cancelled) return "not-cancelled";
  const rebooked = isHl7Ref(cancelledRef) ? await hl7SlotRebooked(services.store, services.crypto, { ref: cancelledRef, ...freed.slot }) : await rebookedByStaff(services, cancelledRef, freed.slot);
  return rebooked ? "rebooked" : "free";
}
