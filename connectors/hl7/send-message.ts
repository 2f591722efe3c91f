import { Hl7Message } from "@medplum/core";
import { Hl7Client } from "@medplum/hl7";

/**
 * Sends one HL7 message over MLLP and waits for its acknowledgement: what an interface engine
 * does, used by `minnow sandbox hl7` and the tests. A file written with LF or CRLF line ends
 * is sent with CR segment ends, as HL7 requires.
 */
export function readHl7Text(text: string): Hl7Message {
  return Hl7Message.parse(text.trim().replace(/\r?\n/g, "\r"));
}

export async function sendHl7(target: { host: string; port: number }, message: Hl7Message, timeoutMs = 10_000): Promise<Hl7Message> {
  const client = new Hl7Client({ host: target.host, port: target.port, connectTimeout: timeoutMs });
  try {
    return await client.sendAndWait(message, { timeoutMs });
  } finally {
    await client.close();
  }
}

/** MSA-1 of an acknowledgement: AA, AE, AR (or CA/CE/CR). */
export function ackCode(ack: Hl7Message): string {
  return ack.getSegment("MSA")?.getField(1)?.toString() ?? "";
}
