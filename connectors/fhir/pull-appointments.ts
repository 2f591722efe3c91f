import type { Appointment, Bundle, Patient } from "@medplum/fhirtypes";
import { log } from "../../src/log.js";
import type { AppointmentRecord, SkippedResource } from "../records.js";
import type { FhirClient } from "./client.js";
import { fetchPatients, type PatientFetchMode } from "./fetch-patients.js";
import { mapAppointment } from "./map-appointment.js";
import { createPhoneNormalizer, type PhoneNormalizer } from "./map-contact.js";
import { partitionMapped } from "./mapped.js";
import { participantRef } from "./references.js";
import { resourcesOfType, searchPages } from "./search-pages.js";

/**
 * Appointments in a date window, with their patients, page by page. Each yielded page is
 * already mapped, so the caller can act on it and let it go before the next page arrives.
 */
export interface AppointmentWindow {
  from: Date;
  /** Exclusive. */
  to: Date;
  pageSize?: number;
  statuses?: readonly string[];
  /** How to read Patients the server left out of `_include`. */
  patientFallback?: PatientFetchMode;
  now?: Date;
  /** The search's scope, e.g. { location: "Location/1" }; none for practice-wide. */
  scope?: Record<string, string>;
  /** false for servers that take only the scope, date and _count (the oracle profile). */
  extraParams?: boolean;
}

export interface AppointmentPage {
  appointments: AppointmentRecord[];
  skipped: SkippedResource[];
  /** Patients read separately because the server did not include them. */
  patientsFetched: number;
}

export const DEFAULT_STATUSES = ["booked", "arrived", "checked-in", "cancelled", "noshow", "fulfilled"] as const;

export function appointmentSearchParams(window: AppointmentWindow): Record<string, string | number | string[]> {
  if (!(window.from < window.to)) throw new Error("The appointment window must end after it starts.");
  const base = { ...window.scope, date: [`ge${window.from.toISOString()}`, `lt${window.to.toISOString()}`], _count: window.pageSize ?? 100 };
  if (window.extraParams === false) return base;
  return { ...base, status: (window.statuses ?? DEFAULT_STATUSES).join(","), _include: "Appointment:patient", _sort: "date" };
}

/**
 * Maps appointments with the patients at hand, reading the ones missing (a server that ignored
 * `_include`, or an export that left out unchanged patients) in bulk first.
 */
export async function mapAppointments(
  client: FhirClient,
  appointments: readonly Appointment[],
  patients: Map<string, Patient>,
  options: Pick<AppointmentWindow, "patientFallback" | "now">,
  normalizePhone: PhoneNormalizer,
): Promise<AppointmentPage> {
  const missing = new Set<string>();
  for (const appointment of appointments) {
    const ref = participantRef(appointment.participant, "Patient");
    if (ref && !patients.has(ref)) missing.add(ref);
  }
  if (missing.size) {
    log.debug("fhir.include.fallback", { missing: missing.size, mode: options.patientFallback ?? "search" });
    for (const [ref, patient] of await fetchPatients(client, [...missing], options.patientFallback ?? "search")) patients.set(ref, patient);
  }

  const { values, skipped } = partitionMapped(
    appointments,
    (appointment) => {
      const ref = participantRef(appointment.participant, "Patient");
      return mapAppointment(appointment, ref ? patients.get(ref) : undefined, options.now, normalizePhone);
    },
    "fhir.appointment.skipped",
  );
  return { appointments: values, skipped, patientsFetched: missing.size };
}

function mapPage(client: FhirClient, page: Bundle, window: AppointmentWindow, normalizePhone: PhoneNormalizer): Promise<AppointmentPage> {
  const patients = new Map<string, Patient>();
  for (const patient of resourcesOfType<Patient>(page, "Patient")) if (patient.id) patients.set(`Patient/${patient.id}`, patient);
  return mapAppointments(client, resourcesOfType<Appointment>(page, "Appointment"), patients, window, normalizePhone);
}

export async function* pullAppointments(client: FhirClient, window: AppointmentWindow): AsyncGenerator<AppointmentPage> {
  const normalizePhone = createPhoneNormalizer();
  for await (const page of searchPages(client, "Appointment", appointmentSearchParams(window))) {
    yield await mapPage(client, page, window, normalizePhone);
  }
}
