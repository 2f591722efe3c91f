import type { ActionDefinition } from "../../define.js";
import type { FhirClient } from "../client.js";
import { modifyAppointment } from "../modify-appointment.js";

/** Cancels an appointment the patient cancelled by text. */
export const cancelAppointmentAction: ActionDefinition = {
  id: "cancel-appointment",
  displayName: "Cancel an appointment",
  idempotent: true,
  description: "Sets status=cancelled with a cancelationReason (default pat-crs, cancelled via automated reminder system). An already cancelled appointment is left alone.",
};

export const CANCELATION_REASON_SYSTEM = "http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason";

export interface CancelAppointmentInput {
  appointmentRef: string;
  /** A code from the appointment-cancellation-reason code system. */
  reasonCode?: string;
}

const FINAL = new Set(["fulfilled", "noshow", "entered-in-error"]);

export async function cancelAppointment(client: FhirClient, input: CancelAppointmentInput): Promise<{ changed: boolean; version?: string }> {
  const result = await modifyAppointment(client, input.appointmentRef, (appointment) => {
    if (appointment.status === "cancelled") return "unchanged";
    if (appointment.status && FINAL.has(appointment.status)) {
      throw new Error(`${input.appointmentRef} is ${appointment.status}, so it cannot be cancelled; leave it to the practice.`);
    }
    appointment.status = "cancelled";
    appointment.cancelationReason = { coding: [{ system: CANCELATION_REASON_SYSTEM, code: input.reasonCode ?? "pat-crs" }] };
    return appointment;
  });
  return { changed: result.changed, version: result.appointment.meta?.versionId };
}
