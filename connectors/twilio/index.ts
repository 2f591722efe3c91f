import { defineConnector } from "../define.js";
import { listMessagesAction } from "./actions/list-messages.js";
import { sendSmsAction } from "./actions/send-sms.js";
import { twilioAuthSchema } from "./auth.js";
import { messageStatusTrigger } from "./triggers/message-status.js";

/**
 * Twilio Programmable Messaging. Twilio signs a BAA only for accounts on the Security or
 * Enterprise Edition, so the practice attests both before any PHI goes into a message body.
 * Status callbacks and inbound replies are received by the server's webhook routes.
 */
export const twilioConnector = defineConnector({
  id: "twilio",
  displayName: "Twilio Programmable Messaging",
  baa: {
    offered: true,
    mustAttest:
      "The Twilio account is on the Security or Enterprise Edition and the practice has a BAA signed with Twilio covering Programmable Messaging (give the signed date). Without both, message bodies must carry no PHI.",
  },
  receives: ["contact", "message-body", "first-name", "schedule"],
  auth: twilioAuthSchema,
  triggers: [messageStatusTrigger],
  actions: [sendSmsAction, listMessagesAction],
});
