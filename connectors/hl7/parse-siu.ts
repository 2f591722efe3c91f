import { Hl7Message } from "@medplum/core";
import type { PhoneNormalizer } from "../fhir/map-contact.js";
import type { AppointmentRecord, AppointmentStatus } from "../records.js";
import { parseHl7DateTime } from "./hl7-date.js";
import { readPatient } from "./read-patient.js";
import { readResources } from "./read-resources.js";
import { readSchedule } from "./read-schedule.js";
import { component } from "./segments.js";
import { HL7_ERROR, reject, SiuRejection } from "./siu-problem.js";

/**
 * One SIU message as minnow's appointment record, or a rejection that says which field is wrong.
 * The header is read first (MSH-10 control id, MSH-7 time, MSH-9 type), so even a message
 * refused for its body is answered with its own control id.
 */
export const SIU_EVENTS = ["S12", "S13", "S14", "S15", "S17", "S26"] as const;
export type SiuEvent = (typeof SIU_EVENTS)[number];

export interface SiuHeader {
  controlId: string;
  /** MSH-7: orders updates to one appointment; an older one never overwrites a newer. */
  messageTime: Date;
  event: SiuEvent;
}

export interface SiuMessage extends SiuHeader {
  record: AppointmentRecord;
  /** PID-5.2, for the reminder's greeting; stored encrypted, never logged. */
  firstName?: string;
}

export interface SiuParseOptions {
  /** The zone of times sent without an offset: the practice's. */
  timeZone: string;
  normalizePhone: PhoneNormalizer;
  /** "<authority>|<id>" to an opaque patient reference (a keyed hash: MRNs are PHI). */
  patientRefOf(identifier: string): string;
}

/** What the event says about the status, whatever SCH-25 says. */
const EVENT_STATUS: Partial<Record<SiuEvent, AppointmentStatus>> = { S15: "cancelled", S17: "cancelled", S26: "noshow" };

export const HL7_APPOINTMENT_PREFIX = "hl7:";

export function parseMessage(text: string): Hl7Message {
  try {
    return Hl7Message.parse(text.replace(/\r?\n/g, "\r"));
  } catch {
    // The library's error can quote the text; the rejection names the place instead.
    throw new SiuRejection({ ack: "AE", error: HL7_ERROR.segmentSequence, segment: "MSH", detail: "The message does not start with an MSH segment." });
  }
}

export function readHeader(message: Hl7Message, timeZone: string): SiuHeader {
  const msh = message.getSegment("MSH");
  if (!msh || message.segments[0] !== msh) reject("AE", HL7_ERROR.segmentSequence, "MSH", undefined, "The message does not start with an MSH segment.");
  const controlId = component(msh, 10);
  if (!controlId) reject("AE", HL7_ERROR.requiredFieldMissing, "MSH", 10, "MSH-10 (message control id) is empty.");
  if (controlId.length > 199) reject("AE", HL7_ERROR.dataType, "MSH", 10, "MSH-10 (message control id) is longer than 199 characters.");
  const type = component(msh, 9, 1).toUpperCase();
  const trigger = component(msh, 9, 2).toUpperCase();
  if (type !== "SIU") reject("AR", HL7_ERROR.unsupportedMessageType, "MSH", 9, `Only SIU messages are accepted here (events ${SIU_EVENTS.join(", ")}).`);
  if (!(SIU_EVENTS as readonly string[]).includes(trigger)) reject("AR", HL7_ERROR.unsupportedEventCode, "MSH", 9, `SIU events accepted: ${SIU_EVENTS.join(", ")}.`);
  const rawTime = component(msh, 7);
  if (!rawTime) reject("AE", HL7_ERROR.requiredFieldMissing, "MSH", 7, "MSH-7 (date/time of message) is empty; it orders updates to an appointment.");
  const messageTime = parseHl7DateTime(rawTime, timeZone);
  if (!messageTime) reject("AE", HL7_ERROR.dataType, "MSH", 7, "MSH-7 is not an HL7 date/time (YYYYMMDDHHMM[SS][+/-ZZZZ]).");
  return { controlId, messageTime, event: trigger as SiuEvent };
}

/** The body, for a header already read; throws SiuRejection naming the segment and field. */
export function readSiuBody(message: Hl7Message, header: SiuHeader, opts: SiuParseOptions): SiuMessage {
  const schedule = readSchedule(message, opts.timeZone);
  const patient = readPatient(message, opts.normalizePhone);
  const record: AppointmentRecord = {
    source: "hl7",
    ref: `${HL7_APPOINTMENT_PREFIX}${schedule.appointmentId}`,
    patientRef: opts.patientRefOf(patient.identifier),
    start: schedule.start,
    ...(schedule.end ? { end: schedule.end } : {}),
    status: EVENT_STATUS[header.event] ?? schedule.status,
    ...readResources(message),
    contact: patient.contact,
  };
  return { ...header, record, ...(patient.firstName ? { firstName: patient.firstName } : {}) };
}
