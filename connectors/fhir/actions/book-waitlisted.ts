import type { Appointment, AppointmentParticipant } from "@medplum/fhirtypes";
import type { ActionDefinition } from "../../define.js";
import type { FhirClient } from "../client.js";
import { isConflict, modifyAppointment } from "../modify-appointment.js";
import { toRelativeRef } from "../references.js";

/**
 * Books a waitlisted patient into a freed slot by turning their waitlist Appointment into a
 * booked one. The write is conditional on the version read: if anyone touched the entry in the
 * meantime (another offer won, staff edited it) the server answers 412 and we report "taken".
 */
export const bookWaitlistedAction: ActionDefinition = {
  id: "book-waitlisted",
  displayName: "Book a waitlisted patient into a freed slot",
  idempotent: true,
  description: "Sets the waitlist Appointment to booked with the slot's start, end, practitioner and location, using If-Match. Repeating it for the same slot reports booked without writing again.",
};

export interface FreedSlot {
  start: Date;
  end: Date;
  practitionerRef?: string;
  locationRef?: string;
}

export type BookingResult = { booked: true; version?: string; alreadyBooked: boolean } | { booked: false; reason: "taken" | "not-waitlisted" };

function slotParticipants(slot: FreedSlot): AppointmentParticipant[] {
  return [slot.practitionerRef, slot.locationRef].flatMap((reference) => (reference ? [{ actor: { reference }, status: "accepted" as const }] : []));
}

function isSameBooking(appointment: Appointment, slot: FreedSlot): boolean {
  return appointment.status === "booked" && appointment.start !== undefined && Date.parse(appointment.start) === slot.start.getTime();
}

export async function bookWaitlisted(client: FhirClient, input: { waitlistRef: string; slot: FreedSlot }): Promise<BookingResult> {
  const { slot } = input;
  if (!(slot.start < slot.end)) throw new Error("The freed slot must end after it starts.");
  let outcome: BookingResult = { booked: false, reason: "not-waitlisted" };
  try {
    const result = await modifyAppointment(
      client,
      input.waitlistRef,
      (appointment) => {
        if (isSameBooking(appointment, slot)) {
          outcome = { booked: true, alreadyBooked: true, version: appointment.meta?.versionId };
          return "unchanged";
        }
        if (appointment.status !== "waitlist") return "unchanged";
        // Keep the patient (and anyone else) but replace whoever the request named with the slot's own.
        const kept = (appointment.participant ?? [])
          .filter((p) => !toRelativeRef(p.actor?.reference, "Practitioner") && !toRelativeRef(p.actor?.reference, "Location"))
          .map((p) => (toRelativeRef(p.actor?.reference, "Patient") ? { ...p, status: "accepted" as const } : p));
        return { ...appointment, status: "booked", start: slot.start.toISOString(), end: slot.end.toISOString(), participant: [...kept, ...slotParticipants(slot)] };
      },
      0,
    );
    if (result.changed) outcome = { booked: true, alreadyBooked: false, version: result.appointment.meta?.versionId };
    return outcome;
  } catch (err) {
    if (isConflict(err)) return { booked: false, reason: "taken" };
    throw err;
  }
}
