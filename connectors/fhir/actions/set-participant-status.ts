import type { ActionDefinition } from "../../define.js";
import type { FhirClient } from "../client.js";
import { modifyAppointment } from "../modify-appointment.js";
import { toRelativeRef } from "../references.js";

/** Writes the patient's reply ("C" to confirm, "N" to decline) back as their participant status. */
export const setParticipantStatusAction: ActionDefinition = {
  id: "set-participant-status",
  displayName: "Set the patient's participation status",
  idempotent: true,
  description: "Marks the patient participant of an Appointment accepted or declined (If-Match on the version read). Repeating it changes nothing.",
};

export interface SetParticipantStatusInput {
  appointmentRef: string;
  status: "accepted" | "declined";
  /** Which patient, when an appointment has several; the first patient participant otherwise. */
  patientRef?: string;
}

export async function setParticipantStatus(client: FhirClient, input: SetParticipantStatusInput): Promise<{ changed: boolean; version?: string }> {
  const result = await modifyAppointment(client, input.appointmentRef, (appointment) => {
    const participant = (appointment.participant ?? []).find((p) => {
      const ref = toRelativeRef(p.actor?.reference, "Patient");
      return ref !== undefined && (input.patientRef === undefined || ref === input.patientRef);
    });
    if (!participant) throw new Error(`${input.appointmentRef} has no patient participant${input.patientRef ? ` for ${input.patientRef}` : ""}; nothing to update.`);
    if (participant.status === input.status) return "unchanged";
    participant.status = input.status;
    return appointment;
  });
  return { changed: result.changed, version: result.appointment.meta?.versionId };
}
