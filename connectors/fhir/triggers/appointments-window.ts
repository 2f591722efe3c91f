import type { TriggerDefinition } from "../../define.js";
import type { AppointmentRecord } from "../../records.js";

/**
 * Polls a date window of Appointments (with their Patients) through paged search.
 * The sample holds refs and codes only: start, end and the patient's contact are PHI, so they
 * are left out of it (the emitted AppointmentRecord carries them).
 */
export type AppointmentSample = Pick<AppointmentRecord, "source" | "ref" | "patientRef" | "status" | "practitionerRef" | "locationRef" | "version">;

export const appointmentsWindowTrigger: TriggerDefinition<AppointmentSample> = {
  id: "appointments-window",
  displayName: "Appointments in a date window",
  strategy: "polling",
  why: "Every FHIR R4 server supports date-window Appointment search with paging, while Subscriptions are optional and often absent; re-reading the window also catches edits and cancellations a missed notification would lose.",
  sample: {
    source: "fhir",
    ref: "Appointment/example-1",
    patientRef: "Patient/example-1",
    status: "booked",
    practitionerRef: "Practitioner/example-1",
    locationRef: "Location/example-1",
    version: "1",
  },
};
