import type { Appointment, Patient } from "@medplum/fhirtypes";
import type { FhirClient } from "../../../connectors/fhir/client.js";
import { fetchPatients } from "../../../connectors/fhir/fetch-patients.js";
import { parseInstant } from "../../../connectors/fhir/mapped.js";
import { appointmentRef, toAppointmentStatus } from "../../../connectors/fhir/map-appointment.js";
import { appointmentSearchParams, DEFAULT_STATUSES } from "../../../connectors/fhir/pull-appointments.js";
import { eachScopeOf } from "../../../connectors/fhir/pull-schedule.js";
import { participantRef } from "../../../connectors/fhir/references.js";
import { resourcesOfType, searchPages } from "../../../connectors/fhir/search-pages.js";
import { choosePracticeStrategy } from "../../../workflows/sync-sources.js";
import type { Services } from "../../runtime/services.js";
import type { Visit } from "./day-schedule.js";
import { patientName } from "./ehr-directory.js";

/**
 * One day's appointments as the EHR has them now, searched the way the sync searches this EHR
 * (practice-wide, or by location, practitioner or patient where the server requires it), with
 * each patient's name and the patient's own participation status (a confirmation written back
 * shows as "accepted"). Unlike sync, it keeps appointments whose patient has no mobile number:
 * the front desk needs to see them too.
 */
function toVisit(appointment: Appointment, patients: Map<string, Patient>): Visit | null {
  const start = parseInstant(appointment.start);
  if (!(start instanceof Date) || !appointment.id) return null;
  const end = parseInstant(appointment.end);
  const patientRef = participantRef(appointment.participant, "Patient");
  const patientPart = appointment.participant?.find((p) => p.actor?.reference && participantRef([p], "Patient") === patientRef);
  return {
    ref: appointmentRef(appointment),
    source: "fhir",
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

export async function readFhirDay(services: Pick<Services, "config">, client: FhirClient, window: { from: Date; to: Date }): Promise<Visit[]> {
  const appointments = new Map<string, Appointment>();
  const patients = new Map<string, Patient>();
  const chosen = await choosePracticeStrategy(services, client);
  const pages = eachScopeOf(client, chosen, (scope, strategy) =>
    searchPages(client, "Appointment", appointmentSearchParams({ ...window, statuses: DEFAULT_STATUSES, pageSize: 100, scope: scope.params, extraParams: strategy.profile.extraParams })),
  );
  for await (const page of pages) {
    for (const appointment of resourcesOfType<Appointment>(page, "Appointment")) if (appointment.id) appointments.set(appointment.id, appointment);
    for (const patient of resourcesOfType<Patient>(page, "Patient")) if (patient.id) patients.set(`Patient/${patient.id}`, patient);
  }
  const missing = [...new Set([...appointments.values()].map((a) => participantRef(a.participant, "Patient")).filter((r): r is string => !!r && !patients.has(r)))];
  if (missing.length) for (const [ref, patient] of await fetchPatients(client, missing, "search")) patients.set(ref, patient);
  return [...appointments.values()].map((a) => toVisit(a, patients)).filter((v): v is Visit => v !== null);
}
