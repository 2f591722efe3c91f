import { Hl7Message, Hl7Segment } from "@medplum/core";
import type { AckCode, SiuProblem } from "./siu-problem.js";

/**
 * The acknowledgement minnow answers each message with (original mode): MSA-1 AA, AE or AR,
 * MSA-2 the message's control id. A refusal adds an ERR segment: ERR-2 the error location
 * (segment^1^field), ERR-3 the HL7 error code (table 0357), ERR-4 severity E, ERR-8 the words.
 */
function errSegment(problem: SiuProblem): Hl7Segment {
  const location = `${problem.segment}^1${problem.field ? `^${problem.field}` : ""}`;
  const detail = problem.detail.replace(/[|^~\\&\r\n]/g, " ");
  return Hl7Segment.parse(`ERR||${location}|${problem.error.code}^${problem.error.text}^HL70357|E||||${detail}`);
}

export function buildAck(message: Hl7Message, code: AckCode, problem?: SiuProblem): Hl7Message {
  const ack = message.buildAck({ ackCode: code, ...(problem ? { errSegment: errSegment(problem) } : {}) });
  if (problem) ack.getSegment("MSA")?.setField(3, problem.detail.replace(/[|^~\\&\r\n]/g, " "));
  return ack;
}

/** An AE for text that is not an HL7 message at all: there is no header to answer from. */
export function ackForUnreadable(problem: SiuProblem, now: Date): Hl7Message {
  const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const header = Hl7Message.parse(`MSH|^~\\&|minnow||||${stamp}||ACK|${stamp}|P|2.5`);
  const ack = buildAck(header, problem.ack, problem);
  ack.getSegment("MSA")?.setField(2, ""); // no control id could be read
  return ack;
}
