/**
 * Why a message was not accepted, precisely enough for the sender's interface engine to fix it:
 * the acknowledgement code, the HL7 error code (table 0357) and where (segment, field). It never
 * carries a value from the message, so it can be logged as is.
 */
export type AckCode = "AA" | "AE" | "AR";

export const HL7_ERROR = {
  segmentSequence: { code: 100, text: "Segment sequence error" },
  requiredFieldMissing: { code: 101, text: "Required field missing" },
  dataType: { code: 102, text: "Data type error" },
  tableValueNotFound: { code: 103, text: "Table value not found" },
  unsupportedMessageType: { code: 200, text: "Unsupported message type" },
  unsupportedEventCode: { code: 201, text: "Unsupported event code" },
  internal: { code: 207, text: "Application internal error" },
} as const;

export interface SiuProblem {
  ack: Exclude<AckCode, "AA">;
  error: (typeof HL7_ERROR)[keyof typeof HL7_ERROR];
  segment: string;
  /** The HL7 field number (1-based); absent when the whole segment is missing. */
  field?: number;
  /** Plain words for the interface analyst; names the field, never its value. */
  detail: string;
}

export class SiuRejection extends Error {
  override name = "SiuRejection";
  constructor(readonly problem: SiuProblem) {
    super(`${problem.segment}${problem.field ? `-${problem.field}` : ""}: ${problem.detail}`);
  }
}

export function reject(ack: SiuProblem["ack"], error: SiuProblem["error"], segment: string, field: number | undefined, detail: string): never {
  throw new SiuRejection({ ack, error, segment, ...(field !== undefined ? { field } : {}), detail });
}

/** "SCH-11" or "PID": where the problem is, for the log and the ACK's text. */
export function problemLocation(problem: Pick<SiuProblem, "segment" | "field">): string {
  return problem.field ? `${problem.segment}-${problem.field}` : problem.segment;
}
