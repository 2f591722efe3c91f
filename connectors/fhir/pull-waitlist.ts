import type { Appointment } from "@medplum/fhirtypes";
import type { SkippedResource, WaitlistEntry } from "../records.js";
import type { FhirClient } from "./client.js";
import { appointmentRef } from "./map-appointment.js";
import { parseInstant, partitionMapped, type Mapped } from "./mapped.js";
import { participantRef } from "./references.js";
import { resourcesOfType, searchPages } from "./search-pages.js";

/**
 * The EHR's waitlist: Appointments with `status=waitlist` whose `requestedPeriod` says when the
 * patient could come. FHIR priority 1 is the most urgent and 0 means unset, so unset sorts last.
 */
export interface WaitlistPage {
  entries: WaitlistEntry[];
  skipped: SkippedResource[];
}

const UNSET_PRIORITY = 9;

export function mapWaitlistEntry(appointment: Appointment): Mapped<WaitlistEntry> {
  const ref = appointmentRef(appointment);
  const skip = (reason: SkippedResource["reason"]): Mapped<WaitlistEntry> => ({ ok: false, skipped: { ref, reason } });
  if (appointment.resourceType !== "Appointment" || !appointment.id || appointment.status !== "waitlist") return skip("malformed");
  const patientRef = participantRef(appointment.participant, "Patient");
  if (!patientRef) return skip("no-patient");
  const period = appointment.requestedPeriod?.[0];
  const requestedStart = parseInstant(period?.start);
  const requestedEnd = parseInstant(period?.end);
  if (requestedStart === undefined) return skip("no-start");
  if (requestedStart === "invalid" || requestedEnd === "invalid" || requestedEnd === undefined || requestedEnd <= requestedStart) return skip("malformed");
  const created = parseInstant(appointment.created ?? appointment.meta?.lastUpdated);

  const entry: WaitlistEntry = {
    source: "fhir",
    ref,
    patientRef,
    requestedStart,
    requestedEnd,
    priority: appointment.priority && appointment.priority > 0 ? appointment.priority : UNSET_PRIORITY,
    createdAt: created instanceof Date ? created : requestedStart,
  };
  const practitionerRef = participantRef(appointment.participant, "Practitioner");
  const locationRef = participantRef(appointment.participant, "Location");
  if (practitionerRef) entry.practitionerRef = practitionerRef;
  if (locationRef) entry.locationRef = locationRef;
  if (appointment.meta?.versionId) entry.version = appointment.meta.versionId;
  return { ok: true, value: entry };
}

export async function* pullWaitlist(client: FhirClient, options: { pageSize?: number } = {}): AsyncGenerator<WaitlistPage> {
  for await (const page of searchPages(client, "Appointment", { status: "waitlist", _count: options.pageSize ?? 100 })) {
    const { values, skipped } = partitionMapped(resourcesOfType<Appointment>(page, "Appointment"), mapWaitlistEntry, "fhir.waitlist.skipped");
    yield { entries: values, skipped };
  }
}
