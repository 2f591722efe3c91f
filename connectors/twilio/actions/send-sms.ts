import type { ActionDefinition } from "../../define.js";
import { errorKind, log } from "../../../src/log.js";
import type { TwilioSender } from "../auth.js";
import type { TwilioClient } from "../client.js";
import { toSendFailure, type SendFailure } from "../send-error.js";

/**
 * Sends one SMS. Expected failures come back as values the caller records per message (opt-out,
 * bad number, filtering, retry later); only programming errors throw. The status callback URL
 * (PUBLIC_URL/webhooks/twilio/status) lets Twilio report delivery later.
 */
export type SendSmsInput = TwilioSender & {
  to: string;
  body: string;
  statusCallbackUrl?: string;
};

export type SendSmsResult = { ok: true; sid: string; status: string } | ({ ok: false } & SendFailure);

const E164 = /^\+[1-9]\d{6,14}$/;

export async function sendSms(client: TwilioClient, input: SendSmsInput): Promise<SendSmsResult> {
  // A malformed number would cost a request and an error count at Twilio; it is invalid either way.
  if (!E164.test(input.to)) {
    log.warn("twilio.sms.invalid-number", { reason: "not-e164" });
    return { ok: false, kind: "invalid-number" };
  }
  const sender = input.messagingServiceSid ? { messagingServiceSid: input.messagingServiceSid } : { from: input.from };
  try {
    const message = await client.messages.create({
      to: input.to,
      body: input.body,
      ...sender,
      ...(input.statusCallbackUrl ? { statusCallback: input.statusCallbackUrl } : {}),
    });
    log.info("twilio.sms.sent", { messageSid: message.sid, status: message.status });
    return { ok: true, sid: message.sid, status: message.status };
  } catch (err) {
    const failure = toSendFailure(err);
    if (!failure) throw new Error("Sending an SMS through Twilio failed unexpectedly; see the cause.", { cause: err });
    log.warn("twilio.sms.failed", { kind: failure.kind, code: failure.code, status: failure.status, outcomeUnknown: failure.outcomeUnknown, error: errorKind(err) });
    return { ok: false, ...failure };
  }
}

export const sendSmsAction: ActionDefinition = {
  id: "send-sms",
  displayName: "Send an SMS",
  // Twilio has no idempotency key for Messages: a repeated call sends a second text. Callers
  // dedupe by their own effect key and reconcile unknown outcomes with list-messages.
  idempotent: false,
  description: "Sends one SMS through a Messaging Service or From number with a status callback; failures come back classified (unsubscribed, invalid-number, filtered, retryable, rejected).",
};
