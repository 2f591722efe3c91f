import type { AppointmentStatus } from "../../../connectors/records.js";
import type { Services } from "../../runtime/services.js";
import { readAcuityDay } from "./acuity-day.js";
import { readFhirDay } from "./fhir-day.js";
import { readHl7Day } from "./hl7-day.js";

/**
 * One day's appointments from every scheduling source the practice has: the EHR over FHIR,
 * Acuity, and the HL7 scheduling feed. Each keeps its source, so the page can say where a row came from.
 */
export interface Visit {
  ref: string;
  source: "fhir" | "acuity" | "hl7";
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

/** Whether any source can fill the schedule (the EHR, Acuity, or an HL7 feed that has sent something). */
export function hasScheduleSource(services: Pick<Services, "sources" | "env">): boolean {
  return services.sources.fhir !== undefined || services.sources.acuity !== undefined || services.env.HL7_MLLP_PORT !== undefined;
}

export interface DaySchedule {
  /** The appointments starting in [from, to), in time order. */
  visits: Visit[];
  /** The sources that could not be read: the others' appointments are still shown. */
  failures: Array<{ source: Visit["source"]; error: unknown }>;
}

export async function readDaySchedule(services: Pick<Services, "sources" | "config" | "store" | "crypto">, window: { from: Date; to: Date }): Promise<DaySchedule> {
  const { fhir, acuity } = services.sources;
  const reads: Array<[Visit["source"], Promise<Visit[]>]> = [];
  if (fhir) reads.push(["fhir", readFhirDay(services, fhir, window)]);
  if (acuity) reads.push(["acuity", readAcuityDay(acuity, window)]);
  reads.push(["hl7", readHl7Day(services, window)]);
  const settled = await Promise.allSettled(reads.map(([, read]) => read));
  const visits: Visit[] = [];
  const failures: DaySchedule["failures"] = [];
  settled.forEach((result, at) => (result.status === "fulfilled" ? visits.push(...result.value) : failures.push({ source: reads[at]![0], error: result.reason })));
  visits.sort((a, b) => a.start.getTime() - b.start.getTime() || a.ref.localeCompare(b.ref));
  return { visits, failures };
}
