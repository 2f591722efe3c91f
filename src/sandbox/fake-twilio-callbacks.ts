import twilio from "twilio";
import type { FakeMessage, FakeMessageStatus } from "./fake-twilio-wire.js";

/**
 * Status callbacks the way Twilio sends them: a form POST to the message's statusCallback URL,
 * signed with `X-Twilio-Signature` over the URL and fields, one per status change.
 */
export function statusCallbackParams(message: FakeMessage): Record<string, string> {
  const params: Record<string, string> = {
    AccountSid: message.accountSid,
    ApiVersion: "2010-04-01",
    MessageSid: message.sid,
    MessageStatus: message.status,
    SmsSid: message.sid,
    SmsStatus: message.status,
    To: message.to,
  };
  if (message.from) params.From = message.from;
  if (message.messagingServiceSid) params.MessagingServiceSid = message.messagingServiceSid;
  if (message.errorCode !== null) params.ErrorCode = String(message.errorCode);
  return params;
}

export async function postStatusCallback(message: FakeMessage, authToken: string): Promise<number> {
  if (!message.statusCallback) return 0;
  const params = statusCallbackParams(message);
  const response = await fetch(message.statusCallback, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilio.getExpectedTwilioSignature(authToken, message.statusCallback, params),
    },
    body: new URLSearchParams(params).toString(),
    signal: AbortSignal.timeout(5_000),
  });
  await response.arrayBuffer(); // drain so the socket is reused
  return response.status;
}

/** The statuses a delivered (or failed) message passes through after creation. */
export function deliveryPath(deliveryErrorCode: number | undefined): Array<{ status: FakeMessageStatus; errorCode: number | null }> {
  if (deliveryErrorCode === undefined) return [{ status: "sent", errorCode: null }, { status: "delivered", errorCode: null }];
  return [{ status: "sent", errorCode: null }, { status: "undelivered", errorCode: deliveryErrorCode }];
}
