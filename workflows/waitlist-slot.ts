import type { Appointment } from "@medplum/fhirtypes";
import type { FreedSlot } from "../connectors/fhir/actions/book-waitlisted.js";
import { parseInstant } from "../connectors/fhir/mapped.js";
import { participantRef } from "../connectors/fhir/references.js";
import { resourcesOfType } from "../connectors/fhir/search-pages.js";
import { resolveLocation, type ResolvedLocation } from "../src/locations/resolve-location.js";
import { beforeInZone } from "../src/policy/local-offset.js";
import type { Services } from "../src/runtime/services.js";
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

export async function readFreedSlot(services: Services, cancelledRef: string): Promise<{ slot: FreedSlot; cancelled: boolean } | null> {
  const appointment = await readFhirAppointment(requireFhir(services, "A waitlist fill"), cancelledRef);
  const slot = appointment ? slotOf(appointment) : null;
  if (!appointment || !slot) return null;
  return { slot, cancelled: appointment.status === "cancelled" };
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
  return (await rebookedByStaff(services, cancelledRef, freed.slot)) ? "rebooked" : "free";
}
