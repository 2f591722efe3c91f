import type { TriggerDefinition } from "../../define.js";
import type { StatusUpdate } from "../status-callback.js";

/**
 * Delivery reports for sent messages, parsed by status-callback.ts once the server's route has
 * verified `X-Twilio-Signature`.
 */
export const messageStatusTrigger: TriggerDefinition<StatusUpdate> = {
  id: "message-status",
  displayName: "Message status changed",
  strategy: "webhook",
  why: "Twilio pushes a signed status callback to the statusCallback URL set on each send; polling every message would spend the API rate limit and report later.",
  sample: { messageSid: "SM00000000000000000000000000000000", status: "undelivered", twilioStatus: "undelivered", errorCode: 30007, failure: "filtered" },
};
