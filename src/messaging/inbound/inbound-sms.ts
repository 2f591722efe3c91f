import { InvalidPhoneError, normalizePhone } from "../../store/blind-index.js";

/**
 * An inbound SMS as Twilio posts it (form fields MessageSid, From, To, Body, MessagingServiceSid
 * when the number belongs to a Messaging Service, and OptOutType when Advanced Opt-Out answered a
 * keyword), checked and reduced to what routing needs. Called only after the signature was verified.
 */
export interface InboundSms {
  messageSid: string;
  /** The patient's phone in E.164. */
  from: string;
  /**
   * Who the patient wrote to, as prompts record it (the gateway's sender): the Messaging Service
   * SID when the number belongs to one, else the number itself.
   */
  sender: string;
  body: string;
  /**
   * Twilio Advanced Opt-Out already handled this keyword and sent its own confirmation or help
   * text (`OptOutType`). minnow records the consent change and sends no second answer.
   */
  optOutType?: CarrierKeyword;
}

export const CARRIER_KEYWORDS = ["STOP", "START", "HELP"] as const;
export type CarrierKeyword = (typeof CARRIER_KEYWORDS)[number];

/** OptOutType as Twilio sends it (STOP, START or HELP, any case); anything else is not a keyword Twilio answered. */
export function carrierKeyword(value: string | null | undefined): CarrierKeyword | undefined {
  const upper = value?.trim().toUpperCase();
  return CARRIER_KEYWORDS.find((keyword) => keyword === upper);
}

export type FormParams = Record<string, string | string[]>;
export type InboundParse = { ok: true; sms: InboundSms } | { ok: false; field: string; error: string };

/** Twilio sends at most 1,600 characters; longer is not a reply anyone typed, and is kept, not classified. */
export const MAX_CLASSIFIED_CHARS = 1_600;
const MESSAGE_SID = /^(SM|MM)[0-9a-fA-F]{32}$/;

function single(params: FormParams, name: string): string | undefined {
  const value = params[name];
  return typeof value === "string" ? value : undefined;
}

export function parseInboundSms(params: FormParams): InboundParse {
  const messageSid = single(params, "MessageSid")?.trim() ?? single(params, "SmsSid")?.trim();
  if (!messageSid) return { ok: false, field: "MessageSid", error: "MessageSid is missing" };
  if (!MESSAGE_SID.test(messageSid)) return { ok: false, field: "MessageSid", error: "MessageSid is not a Twilio message SID" };
  const rawFrom = single(params, "From")?.trim();
  if (!rawFrom) return { ok: false, field: "From", error: "From is missing" };
  let from: string;
  try {
    from = normalizePhone(rawFrom);
  } catch (err) {
    if (err instanceof InvalidPhoneError) return { ok: false, field: "From", error: "From is not a phone number" };
    throw err;
  }
  const to = single(params, "To")?.trim();
  const service = single(params, "MessagingServiceSid")?.trim();
  const sender = service || to;
  if (!sender) return { ok: false, field: "To", error: "To is missing" };
  // A repeated Body field is not something Twilio sends; keep every part rather than guess.
  const rawBody = params.Body;
  const body = Array.isArray(rawBody) ? rawBody.join("\n") : (rawBody ?? "");
  const optOutType = carrierKeyword(single(params, "OptOutType"));
  return { ok: true, sms: { messageSid, from, sender, body, ...(optOutType ? { optOutType } : {}) } };
}

/** The form body as Twilio signed it: every field, repeated fields as arrays. */
export function formParams(text: string): FormParams {
  // No prototype: a field named __proto__ or constructor is data, not a property of Object.
  const params = Object.create(null) as FormParams;
  for (const [key, value] of new URLSearchParams(text)) {
    const seen = params[key];
    if (seen === undefined) params[key] = value;
    else params[key] = Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return params;
}
