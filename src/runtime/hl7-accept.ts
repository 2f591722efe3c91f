import type { Hl7Message } from "@medplum/core";
import { buildAck } from "../../connectors/hl7/ack.js";
import { siuParseOptions } from "../../connectors/hl7/parse-options.js";
import { readHeader, readSiuBody, type SiuHeader } from "../../connectors/hl7/parse-siu.js";
import { HL7_ERROR, problemLocation, SiuRejection, type SiuProblem } from "../../connectors/hl7/siu-problem.js";
import { errorKind, log } from "../log.js";
import { recordHl7Message } from "../store/hl7-messages.js";
import type { Services } from "./services.js";

/**
 * The answer to one message on the wire. The whole message is checked first (a bad one gets AE
 * or AR naming the segment and field, and nothing is stored); a good one is committed to the
 * inbox, and only then answered AA. A control id seen before is answered AA again and not stored
 * twice. Logs carry the control id, the event and the error location, never a value.
 */
export interface Hl7Answer {
  ack: Hl7Message;
  /** True when this message is new and committed: the inbox has work. */
  queued: boolean;
}

function refused(message: Hl7Message, problem: SiuProblem, header?: SiuHeader): Hl7Answer {
  log.warn("hl7.message_refused", { ...(header ? { controlId: header.controlId, siuEvent: header.event } : {}), ack: problem.ack, errorCode: problem.error.code, location: problemLocation(problem) });
  return { ack: buildAck(message, problem.ack, problem), queued: false };
}

export async function answerHl7Message(services: Pick<Services, "config" | "crypto" | "store" | "clock">, message: Hl7Message): Promise<Hl7Answer> {
  const options = siuParseOptions(services.config, services.crypto);
  let header: SiuHeader | undefined;
  try {
    header = readHeader(message, options.timeZone);
    readSiuBody(message, header, options);
  } catch (err) {
    if (err instanceof SiuRejection) return refused(message, err.problem, header);
    throw err;
  }
  try {
    const { isNew } = await recordHl7Message(services.store, services.crypto, { controlId: header.controlId, event: header.event, messageTime: header.messageTime, text: message.toString() }, services.clock.now());
    log.info(isNew ? "hl7.message_accepted" : "hl7.message_duplicate", { controlId: header.controlId, siuEvent: header.event });
    return { ack: buildAck(message, "AA"), queued: isNew };
  } catch (err) {
    // Not committed, so not acknowledged: the sender keeps the message and sends it again.
    log.error("hl7.commit_failed", { controlId: header.controlId, errorKind: errorKind(err) });
    return { ack: buildAck(message, "AR", { ack: "AR", error: HL7_ERROR.internal, segment: "MSH", field: 10, detail: "minnow could not store the message; send it again." }), queued: false };
  }
}
