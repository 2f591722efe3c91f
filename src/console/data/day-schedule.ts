import type { AppointmentStatus } from "../../../connectors/records.js";
import type { Services } from "../../runtime/services.js";
import { readFhirDay } from "./fhir-day.js";
import { readHl7Day } from "./hl7-day.js";

/**
 * One day's appointments from every scheduling source the practice has: the EHR over FHIR, and
 * the HL7 scheduling feed. Each keeps its source, so the page can say where a row came from.
 */
export interface Visit {
  ref: string;
  source: "fhir" | "hl7";
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

/** Whether any source can fill the schedule (the EHR, or an HL7 feed that has sent something). */
export function hasScheduleSource(services: Pick<Services, "sources" | "env">): boolean {
  return services.sources.fhir !== undefined || services.env.HL7_MLLP_PORT !== undefined;
}

/** The appointments starting in [from, to), in time order. */
export async function readDaySchedule(services: Pick<Services, "sources" | "config" | "store" | "crypto">, window: { from: Date; to: Date }): Promise<Visit[]> {
  const client = services.sources.fhir;
  const [fromEhr, fromFeed] = await Promise.all([client ? readFhirDay(services, client, window) : Promise.resolve([]), readHl7Day(services, window)]);
  return [...fromEhr, ...fromFeed].sort((a, b) => a.start.getTime() - b.start.getTime() || a.ref.localeCompare(b.ref));
}
