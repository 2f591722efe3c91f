import type { Appointment } from "@medplum/fhirtypes";
import type { FhirClient } from "./client.js";
import { FhirRequestError } from "./fhir-error.js";
import { requireRef } from "./references.js";

/**
 * Read-modify-write for one Appointment with optimistic locking: the PUT carries
 * `If-Match: W/"<version read>"`, so a concurrent edit in the EHR is never overwritten.
 * On 412 the change is re-applied to a fresh read, up to `conflictRetries` times.
 */
export type AppointmentChange = (current: Appointment) => Appointment | "unchanged";

export interface ModifyResult {
  changed: boolean;
  appointment: Appointment;
}

export function isConflict(err: unknown): boolean {
  return err instanceof FhirRequestError && err.status === 412;
}

export async function modifyAppointment(client: FhirClient, appointmentRef: string, change: AppointmentChange, conflictRetries = 1): Promise<ModifyResult> {
  const { id } = requireRef(appointmentRef, "Appointment");
  for (let attempt = 0; ; attempt += 1) {
    const current = await client.read<Appointment>("Appointment", id);
    const next = change(structuredClone(current));
    if (next === "unchanged") return { changed: false, appointment: current };
    const version = current.meta?.versionId;
    if (!version) throw new Error(`${appointmentRef} has no meta.versionId, so it cannot be updated safely with If-Match; the EHR must support versioning.`);
    try {
      return { changed: true, appointment: await client.update(next, { ifMatchVersion: version }) };
    } catch (err) {
      if (!isConflict(err) || attempt >= conflictRetries) throw err;
    }
  }
}
