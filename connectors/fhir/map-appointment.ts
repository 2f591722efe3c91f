import type { Appointment, CodeableConcept, Patient } from "@medplum/fhirtypes";
import type { AppointmentRecord, AppointmentStatus, SkippedResource } from "../records.js";
import { mapPatientContact, type PhoneNormalizer } from "./map-contact.js";
import { parseInstant, type Mapped } from "./mapped.js";
import { participantRef } from "./references.js";

/**
 * A FHIR Appointment (+ its Patient) becomes the small AppointmentRecord minnow schedules from.
 * A resource we cannot use becomes a SkippedResource with a reason, never an exception, so one
 * bad appointment never stops a sync.
 */
const STATUS: Partial<Record<NonNullable<Appointment["status"]>, AppointmentStatus>> = {
  booked: "booked",
  arrived: "booked",
  "checked-in": "booked",
  cancelled: "cancelled",
  "entered-in-error": "cancelled",
  waitlist: "waitlist",
  fulfilled: "fulfilled",
  noshow: "noshow",
};

function codesOf(concepts: ReadonlyArray<CodeableConcept | undefined>): string[] {
  const codes = concepts.flatMap((concept) => (concept?.coding ?? []).map((coding) => coding.code).filter((code): code is string => typeof code === "string" && code.length > 0));
  return [...new Set(codes)];
}

export function toAppointmentStatus(status: string | undefined): AppointmentStatus {
  return STATUS[status as NonNullable<Appointment["status"]>] ?? "other";
}

export function appointmentRef(appointment: Appointment): string {
  return `Appointment/${appointment.id ?? "unknown"}`;
}

export function mapAppointment(appointment: Appointment, patient: Patient | undefined, now: Date = new Date(), normalizePhone?: PhoneNormalizer): Mapped<AppointmentRecord> {
  const ref = appointmentRef(appointment);
  const skip = (reason: SkippedResource["reason"]): Mapped<AppointmentRecord> => ({ ok: false, skipped: { ref, reason } });
  if (appointment.resourceType !== "Appointment" || !appointment.id) return skip("malformed");
  const patientRef = participantRef(appointment.participant, "Patient");
  if (!patientRef) return skip("no-patient");
  const start = parseInstant(appointment.start);
  const end = parseInstant(appointment.end);
  if (start === undefined) return skip("no-start");
  if (start === "invalid" || end === "invalid") return skip("malformed");
  // The patient may be missing because the server could not return it; nothing to text then.
  if (!patient || `Patient/${patient.id ?? ""}` !== patientRef) return skip("no-patient");
  const contact = mapPatientContact(patient, now, normalizePhone);
  if (!contact.ok) return skip(contact.reason);

  const record: AppointmentRecord = { source: "fhir", ref, patientRef, start, status: toAppointmentStatus(appointment.status), contact: contact.contact };
  if (end) record.end = end;
  if (appointment.status === "entered-in-error") record.enteredInError = true;
  const practitionerRef = participantRef(appointment.participant, "Practitioner");
  const locationRef = participantRef(appointment.participant, "Location");
  if (practitionerRef) record.practitionerRef = practitionerRef;
  if (locationRef) record.locationRef = locationRef;
  const typeCodes = codesOf([appointment.appointmentType, ...(appointment.serviceCategory ?? []), ...(appointment.serviceType ?? [])]);
  const reasonCodes = codesOf(appointment.reasonCode ?? []);
  if (typeCodes.length) record.typeCodes = typeCodes;
  if (reasonCodes.length) record.reasonCodes = reasonCodes;
  if (appointment.meta?.versionId) record.version = appointment.meta.versionId;
  return { ok: true, value: record };
}
