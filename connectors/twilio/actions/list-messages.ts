import type { ActionDefinition } from "../../define.js";
import type { TwilioClient } from "../client.js";

/**
 * Finds messages already sent to a number since a moment: the way to settle a send whose outcome
 * is unknown (a timeout after the request left) before deciding to send again. Twilio lists newest
 * first; queued messages have no `dateSent` yet, so the cut-off uses `dateCreated`. Message bodies
 * never leave this function: pass `body` to keep only exact matches.
 */
export interface SentMessage {
  sid: string;
  status: string;
  dateCreated: Date;
  dateSent?: Date;
  errorCode?: number;
}

export interface ListMessagesInput {
  to: string;
  since: Date;
  body?: string;
  /** How many recent messages to look through; newest first. */
  limit?: number;
}

export async function listMessagesTo(client: TwilioClient, input: ListMessagesInput): Promise<SentMessage[]> {
  // Twilio's dates have whole-second precision; compare at that precision to keep a message sent
  // in the same second as `since`.
  const cutoff = Math.floor(input.since.getTime() / 1000) * 1000;
  const messages = await client.messages.list({ to: input.to, limit: input.limit ?? 50, pageSize: Math.min(input.limit ?? 50, 50) });
  return messages
    .filter((m) => m.direction !== "inbound" && m.dateCreated instanceof Date && m.dateCreated.getTime() >= cutoff)
    .filter((m) => input.body === undefined || m.body === input.body)
    .map((m) => {
      const sent: SentMessage = { sid: m.sid, status: m.status, dateCreated: m.dateCreated };
      if (m.dateSent instanceof Date && !Number.isNaN(m.dateSent.getTime())) sent.dateSent = m.dateSent;
      if (typeof m.errorCode === "number") sent.errorCode = m.errorCode;
      return sent;
    });
}

export const listMessagesAction: ActionDefinition = {
  id: "list-messages",
  displayName: "List messages sent to a number",
  idempotent: true,
  description: "Lists messages sent to one number since a time (newest first), optionally only those with a given body; used to reconcile a send whose outcome is unknown.",
};
