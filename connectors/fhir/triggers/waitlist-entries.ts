import type { TriggerDefinition } from "../../define.js";
import type { WaitlistEntry } from "../../records.js";

/** Polls the EHR's waitlist (Appointment status=waitlist). Requested dates are PHI and left out of the sample. */
export type WaitlistSample = Pick<WaitlistEntry, "source" | "ref" | "patientRef" | "priority" | "practitionerRef" | "locationRef" | "version">;

export const waitlistEntriesTrigger: TriggerDefinition<WaitlistSample> = {
  id: "waitlist-entries",
  displayName: "Waitlisted patients",
  strategy: "polling",
  why: "Waitlist Appointments change rarely and no EHR notifies on them reliably; a periodic search is cheap and always complete.",
  sample: {
    source: "fhir",
    ref: "Appointment/example-2",
    patientRef: "Patient/example-2",
    priority: 1,
    practitionerRef: "Practitioner/example-1",
    locationRef: "Location/example-1",
    version: "1",
  },
};
