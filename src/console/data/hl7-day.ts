import type { Services } from "../../runtime/services.js";
import { listHl7Appointments } from "../../store/hl7-appointments.js";
import type { Visit } from "./day-schedule.js";

/**
 * One day's appointments as the practice's HL7 scheduling feed last described them. The feed
 * cannot take a confirmation back, so the patient's answer comes from minnow's own record of the
 * replies, as it does for every source. The feed stores only the first name (for the text's
 * greeting), so that is the name shown, with where it came from.
 */
export async function readHl7Day(services: Pick<Services, "store" | "crypto">, window: { from: Date; to: Date }): Promise<Visit[]> {
  const appointments = await listHl7Appointments(services.store, services.crypto, window);
  return appointments.map(({ record, firstName }) => ({
    ref: record.ref,
    source: "hl7",
    start: record.start,
    end: record.end,
    status: record.status,
    patientRef: record.patientRef,
    patientName: firstName ? `${firstName} (from the scheduling feed)` : "Name not sent by the scheduling feed",
    patientStatus: undefined,
    practitionerRef: record.practitionerRef,
    locationRef: record.locationRef,
  }));
}
