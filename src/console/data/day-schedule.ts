import type { Appointment, Patient } from "@medplum/fhirtypes";
import { fetchPatients } from "../../../connectors/fhir/fetch-patients.js";
import { parseInstant } from "../../../connectors/fhir/mapped.js";
import { appointmentRef, toAppointmentStatus } from "../../../connectors/fhir/map-appointment.js";
import { appointmentSearchParams, DEFAULT_STATUSES } from "../../../connectors/fhir/pull-appointments.js";
import { participantRef } from "../../../connectors/fhir/references.js";
import { resourcesOfType, searchPages } from "../../../connectors/fhir/search-pages.js";
import type { AppointmentStatus } from "../../../connectors/records.js";
import type { Services } from "../../runtime/services.js";
import { fhirOf, patientName } from "./ehr-directory.js";

/**
 * One day's appointments as the EHR has them now, with each patient's name and the patient's
 * own participation status (a confirmation written back shows as "accepted"). Unlike sync, it
 * keeps appointments whose patient has no mobile number: the front desk needs to see them too.
 */
export interface Visit {
  ref: string;
  start: Date;
  end: Date | undefined;
  status: AppointmentStatus;
  patientRef: string | undefined;
  patientName: string;
  /** The patient participant's status in the EHR: accepted, declined, tentative, needs-action. */
  patientStatus: string | undefined;
  practitionerRef: string | undefined;
  locationRef: string | undefined;
}

function toVisit(appointment: Appointment, patients: Map<string, Patient>): Visit | null {
  const start = parseInstant(appointment.start);
  if (!(start instanceof Date) || !appointment.id) return null;
  const end = parseInstant(appointment.end);
  const patientRef = participantRef(appointment.participant, "Patient");
  const patientPart = appointment.participant?.find((p) => p.actor?.reference && participantRef([p], "Patient") === patientRef);
  return {
    ref: appointmentRef(appointment),
    start,
    end: end instanceof Date ? end : undefined,
    status: toAppointmentStatus(appointment.status),
    patientRef,
    patientName: patientRef ? patientName(patients.get(patientRef)) : "No patient on this appointment",
    patientStatus: patientPart?.status,
    practitionerRef: participantRef(appointment.participant, "Practitioner"),
    locationRef: participantRef(appointment.participant, "Location"),
  };
}

/** The appointments starting in [from, to), in time order; empty when no FHIR source is configured. */
export async function readDaySchedule(services: Pick<Services, "sources">, window: { from: Date; to: Date }): Promise<Visit[]> {
  const client = fhirOf(services);
  if (!client) return [];
  const appointments: Appointment[] = [];
  const patients = new Map<string, Patient>();
  for await (const page of searchPages(client, "Appointment", appointmentSearchParams({ ...window, statuses: DEFAULT_STATUSES, pageSize: 100 }))) {
    appointments.push(...resourcesOfType<Appointment>(page, "Appointment"));
    for (const patient of resourcesOfType<Patient>(page, "Patient")) if (patient.id) patients.set(`Patient/${patient.id}`, patient);
  }
  const missing = [...new Set(appointments.map((a) => participantRef(a.participant, "Patient")).filter((r): r is string => !!r && !patients.has(r)))];
  if (missing.length) for (const [ref, patient] of await fetchPatients(client, missing, "search")) patients.set(ref, patient);
  return appointments
    .map((a) => toVisit(a, patients))
    .filter((v): v is Visit => v !== null)
    .sort((a, b) => a.start.getTime() - b.start.getTime() || a.ref.localeCompare(b.ref));
}
