import type { Communication } from "@medplum/fhirtypes";
import type { ActionDefinition } from "../../define.js";
import type { FhirClient } from "../client.js";
import { requireRef } from "../references.js";

/**
 * Records in the chart that a text was sent, as a Communication. Minimum necessary by default:
 * the message text is NOT included (no `payload`), only that an SMS about this appointment went
 * out and when. A practice that wants staff to read the words in the EHR sets
 * `fhir.communications.body: full`, and then the text sent rides along as the payload.
 */
export const recordCommunicationAction: ActionDefinition = {
  id: "record-communication",
  displayName: "Record a sent text in the chart",
  idempotent: true,
  description: "Creates a Communication (completed, SMS, subject, about the appointment, sent time; the text as payload only when the practice chooses) with If-None-Exist on minnow's message id, so a retry never records it twice.",
};

export const MESSAGE_ID_SYSTEM = "urn:minnow:message-id";
const CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/communication-category";
const PARTICIPATION_MODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode";

export interface RecordCommunicationInput {
  /** minnow's id for the message; makes the create idempotent. */
  messageId: string;
  patientRef: string;
  appointmentRef?: string;
  sentAt: Date;
  category?: "reminder" | "notification" | "alert";
  /** The text as sent; only when the practice set fhir.communications.body: full. */
  body?: string;
}

export function buildCommunication(input: RecordCommunicationInput): Communication {
  requireRef(input.patientRef, "Patient");
  if (input.appointmentRef) requireRef(input.appointmentRef, "Appointment");
  if (!input.messageId.trim()) throw new Error("A Communication needs minnow's message id so retries do not duplicate it.");
  return {
    resourceType: "Communication",
    identifier: [{ system: MESSAGE_ID_SYSTEM, value: input.messageId }],
    status: "completed",
    category: [{ coding: [{ system: CATEGORY_SYSTEM, code: input.category ?? "reminder" }] }],
    medium: [{ coding: [{ system: PARTICIPATION_MODE_SYSTEM, code: "SMSWRIT", display: "SMS writing" }] }],
    subject: { reference: input.patientRef },
    ...(input.appointmentRef ? { about: [{ reference: input.appointmentRef }] } : {}),
    sent: input.sentAt.toISOString(),
    ...(input.body ? { payload: [{ contentString: input.body }] } : {}),
  };
}

export async function recordCommunication(client: FhirClient, input: RecordCommunicationInput): Promise<{ ref: string }> {
  const ifNoneExist = `identifier=${encodeURIComponent(`${MESSAGE_ID_SYSTEM}|${input.messageId}`)}`;
  const created = await client.create(buildCommunication(input), { ifNoneExist });
  if (!created.id) throw new Error("The EHR accepted the Communication but returned no id; check its create response.");
  return { ref: `Communication/${created.id}` };
}
