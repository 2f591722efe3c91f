import { senderOf, type TwilioAuth, type TwilioSender } from "../../connectors/twilio/auth.js";
import { createTwilioClient } from "../../connectors/twilio/client.js";
import { listMessagesTo } from "../../connectors/twilio/actions/list-messages.js";
import { sendSms } from "../../connectors/twilio/actions/send-sms.js";
import { statusCallbackUrl } from "../../connectors/twilio/status-callback.js";
import { MESSAGING_SERVICE_SID } from "../config/locations-schema.js";
import type { SmsGateway } from "./sms-gateway.js";

/** A location's sender as Twilio wants it: a Messaging Service SID, else a From number. */
export function twilioSender(sender: string): TwilioSender {
  return MESSAGING_SERVICE_SID.test(sender) ? { messagingServiceSid: sender } : { from: sender };
}

/** The SMS gateway over the twilio SDK (real Twilio, or any base URL given as apiBaseUrl). */
export function createTwilioGateway(auth: TwilioAuth, publicUrl: string | undefined): SmsGateway {
  const client = createTwilioClient(auth);
  const sender = senderOf(auth);
  const callback = publicUrl ? statusCallbackUrl(publicUrl) : undefined;
  return {
    sender: sender.messagingServiceSid ?? sender.from ?? "",
    async send({ to, body, sender: own }) {
      const result = await sendSms(client, { ...(own ? twilioSender(own) : sender), to, body, ...(callback ? { statusCallbackUrl: callback } : {}) });
      return result.ok ? result : { ok: false, kind: result.kind, ...(result.code === undefined ? {} : { code: result.code }), ...(result.outcomeUnknown ? { outcomeUnknown: true } : {}) };
    },
    async findSent({ to, body, since }) {
      const [found] = await listMessagesTo(client, { to, body, since, limit: 50 });
      return found ? { sid: found.sid, status: found.status } : null;
    },
  };
}
