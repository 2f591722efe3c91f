/** Synthetic Twilio credentials and numbers (555-01xx). */
export const ACCOUNT_SID = `AC${"1".repeat(32)}`;
export const AUTH_TOKEN = "test-auth-token";
export const MESSAGING_SERVICE_SID = `MG${"2".repeat(32)}`;
export const FROM = "+13125550199";
export const TO = "+13125550101";
export const STATUS_CALLBACK = "https://minnow.example.test/webhooks/twilio/status";
export const MESSAGES_URL = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;

/** A Message resource as Twilio returns it on create. */
export function twilioMessage(fields: Record<string, string | null>): Record<string, unknown> {
  return {
    account_sid: ACCOUNT_SID,
    api_version: "2010-04-01",
    body: fields.Body ?? "",
    date_created: "Thu, 30 Jul 2030 20:12:31 +0000",
    date_sent: null,
    date_updated: "Thu, 30 Jul 2030 20:12:31 +0000",
    direction: "outbound-api",
    error_code: null,
    error_message: null,
    from: fields.From ?? null,
    messaging_service_sid: fields.MessagingServiceSid ?? null,
    num_media: "0",
    num_segments: "1",
    price: null,
    price_unit: "USD",
    sid: `SM${"3".repeat(32)}`,
    status: fields.MessagingServiceSid ? "accepted" : "queued",
    to: fields.To ?? null,
    uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/SM${"3".repeat(32)}.json`,
  };
}
