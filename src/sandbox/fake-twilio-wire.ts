/**
 * The JSON the fake Twilio answers with, in the Messages API 2010-04-01 wire shape the twilio SDK
 * parses: snake_case fields, RFC 2822 dates, string counts, and `{ code, message, more_info,
 * status }` errors.
 */
export type FakeMessageStatus = "accepted" | "queued" | "sent" | "delivered" | "undelivered" | "failed";

export interface FakeMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  status: FakeMessageStatus;
  statusCallback: string | null;
  dateCreated: Date;
  dateSent: Date | null;
  dateUpdated: Date;
  errorCode: number | null;
}

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export function twilioError(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** Twilio writes "Thu, 30 Jul 2015 20:12:31 +0000". */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace("GMT", "+0000");
}

export function messageUri(accountSid: string, sid?: string): string {
  return `/2010-04-01/Accounts/${accountSid}/Messages${sid ? `/${sid}` : ""}.json`;
}

function segments(body: string): number {
  return body.length <= 160 ? 1 : Math.ceil(body.length / 153);
}

export function messageJson(m: FakeMessage): Record<string, unknown> {
  const uri = messageUri(m.accountSid, m.sid);
  return {
    account_sid: m.accountSid,
    api_version: "2010-04-01",
    body: m.body,
    date_created: rfc2822(m.dateCreated),
    date_sent: m.dateSent ? rfc2822(m.dateSent) : null,
    date_updated: rfc2822(m.dateUpdated),
    direction: "outbound-api",
    error_code: m.errorCode,
    error_message: null,
    from: m.from,
    messaging_service_sid: m.messagingServiceSid,
    num_media: "0",
    num_segments: String(segments(m.body)),
    price: null,
    price_unit: "USD",
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: uri.replace(/\.json$/, "/Media.json") },
    to: m.to,
    uri,
  };
}
