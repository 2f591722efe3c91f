import type { Hl7Message, Hl7Segment } from "@medplum/core";
import type { AppointmentStatus } from "../records.js";
import { parseHl7DateTime } from "./hl7-date.js";
import { component, requireSegment } from "./segments.js";
import { HL7_ERROR, reject } from "./siu-problem.js";

/**
 * SCH: which appointment (the filler's id, SCH-2, else the placer's, SCH-1), when (SCH-11's
 * start and end, else TQ1-7 and TQ1-8, else the first AIS-4), and its status (SCH-25). A date
 * that does not parse is refused with the field that holds it, never guessed.
 */
export interface SiuSchedule {
  appointmentId: string;
  start: Date;
  end?: Date;
  /** SCH-25 as minnow's status; the event (S15, S17, S26) can override it. */
  status: AppointmentStatus;
}

const ID = /^[A-Za-z0-9._-]{1,64}$/;

/** HL7 table 0278 (filler status codes). */
const STATUS: Record<string, AppointmentStatus> = {
  BOOKED: "booked",
  OVERBOOK: "booked",
  PENDING: "booked",
  CANCELLED: "cancelled",
  DELETED: "cancelled",
  NOSHOW: "noshow",
  COMPLETE: "fulfilled",
  STARTED: "fulfilled",
  WAITLIST: "waitlist",
  BLOCKED: "other",
};

function appointmentId(sch: Hl7Segment): string {
  const filler = component(sch, 2, 1);
  const placer = component(sch, 1, 1);
  const id = filler || placer;
  const field = filler ? 2 : 1;
  if (!id) reject("AE", HL7_ERROR.requiredFieldMissing, "SCH", 2, "Neither SCH-2 (filler appointment id) nor SCH-1 (placer appointment id) is set.");
  if (!ID.test(id)) reject("AE", HL7_ERROR.dataType, "SCH", field, `SCH-${field} must be 1 to 64 letters, digits, ".", "_" or "-".`);
  return id;
}

/** The first place that carries a start, with the field that holds the end. */
function timingSource(message: Hl7Message, sch: Hl7Segment): { segment: string; startField: number; endField: number; start: string; end: string } | null {
  if (component(sch, 11, 4)) return { segment: "SCH", startField: 11, endField: 11, start: component(sch, 11, 4), end: component(sch, 11, 5) };
  const tq1 = message.getSegment("TQ1");
  if (component(tq1, 7)) return { segment: "TQ1", startField: 7, endField: 8, start: component(tq1, 7), end: component(tq1, 8) };
  const ais = message.getSegment("AIS");
  if (component(ais, 4)) return { segment: "AIS", startField: 4, endField: 4, start: component(ais, 4), end: "" };
  return null;
}

function durationEnd(sch: Hl7Segment, start: Date): Date | undefined {
  const amount = Number(component(sch, 9));
  if (!component(sch, 9) || !Number.isFinite(amount) || amount <= 0) return undefined;
  const unit = component(sch, 10).toUpperCase();
  const minutes = unit === "S" ? amount / 60 : unit === "H" ? amount * 60 : amount;
  return new Date(start.getTime() + minutes * 60_000);
}

export function readSchedule(message: Hl7Message, timeZone: string): SiuSchedule {
  const sch = requireSegment(message, "SCH");
  const id = appointmentId(sch);
  const timing = timingSource(message, sch);
  if (!timing) reject("AE", HL7_ERROR.requiredFieldMissing, "SCH", 11, "No start time: set SCH-11.4, or TQ1-7, or AIS-4.");
  const start = parseHl7DateTime(timing.start, timeZone);
  if (!start) reject("AE", HL7_ERROR.dataType, timing.segment, timing.startField, `${timing.segment}-${timing.startField} start is not an HL7 date/time (YYYYMMDDHHMM[SS][+/-ZZZZ]).`);
  const end = timing.end ? parseHl7DateTime(timing.end, timeZone) : durationEnd(sch, start);
  if (end === null) reject("AE", HL7_ERROR.dataType, timing.segment, timing.endField, `${timing.segment}-${timing.endField} end is not an HL7 date/time (YYYYMMDDHHMM[SS][+/-ZZZZ]).`);
  const statusCode = component(sch, 25, 1).toUpperCase();
  const status = statusCode ? STATUS[statusCode] : "booked";
  if (!status) reject("AE", HL7_ERROR.tableValueNotFound, "SCH", 25, "SCH-25 (filler status code) is not a value of HL7 table 0278.");
  return { appointmentId: id, start, ...(end ? { end } : {}), status };
}
