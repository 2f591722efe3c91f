import { classifyTwilioFailure, type SendFailureKind } from "./error-codes.js";

/**
 * Twilio POSTs a status callback for each change of a message's status. They can arrive out of
 * order (a late "sent" after "delivered") and more than once, so a stored status only moves
 * forward: use `isStatusAdvance` before overwriting.
 */
/** Where Twilio posts status callbacks; the route and the signature check use the same URL. */
export const STATUS_CALLBACK_PATH = "/webhooks/twilio/status";

export function statusCallbackUrl(publicUrl: string): string {
  const base = new URL(publicUrl);
  return `${base.origin}${base.pathname.replace(/\/+$/, "")}${STATUS_CALLBACK_PATH}`;
}

export type MessageStatus = "queued" | "sent" | "delivered" | "undelivered" | "failed";

export interface StatusUpdate {
  messageSid: string;
  status: MessageStatus;
  /** Twilio's raw status, kept because "read" and "canceled" fold into coarser ones. */
  twilioStatus: string;
  errorCode?: number;
  /** Set for undelivered/failed: what the failure means (same mapping as send errors). */
  failure?: SendFailureKind;
}

export type StatusParse = { ok: true; update: StatusUpdate } | { ok: false; error: string };

const STATUS_MAP: Readonly<Record<string, MessageStatus>> = {
  accepted: "queued",
  scheduled: "queued",
  queued: "queued",
  sending: "queued",
  sent: "sent",
  delivered: "delivered",
  read: "delivered",
  undelivered: "undelivered",
  failed: "failed",
  canceled: "failed",
};

const RANK: Readonly<Record<MessageStatus, number>> = { queued: 0, sent: 1, delivered: 2, undelivered: 2, failed: 2 };

export function isFinalStatus(status: MessageStatus): boolean {
  return RANK[status] === 2;
}

/** True when `next` is news: a later stage than `previous`. Final statuses never change. */
export function isStatusAdvance(previous: MessageStatus | undefined, next: MessageStatus): boolean {
  return previous === undefined || RANK[next] > RANK[previous];
}

type Params = Record<string, string | string[] | undefined>;

function single(params: Params, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? undefined : value?.trim() || undefined;
}

export function parseStatusCallback(params: Params): StatusParse {
  const messageSid = single(params, "MessageSid") ?? single(params, "SmsSid");
  if (!messageSid) return { ok: false, error: "MessageSid is missing" };
  if (!/^(SM|MM)[0-9a-fA-F]{32}$/.test(messageSid)) return { ok: false, error: "MessageSid is not a Twilio message SID" };
  const twilioStatus = single(params, "MessageStatus") ?? single(params, "SmsStatus");
  if (!twilioStatus) return { ok: false, error: "MessageStatus is missing" };
  const status = STATUS_MAP[twilioStatus.toLowerCase()];
  if (!status) return { ok: false, error: `MessageStatus "${twilioStatus.slice(0, 20)}" is not an outbound message status` };

  const update: StatusUpdate = { messageSid, status, twilioStatus: twilioStatus.toLowerCase() };
  const rawCode = single(params, "ErrorCode");
  if (rawCode !== undefined) {
    if (!/^\d{1,6}$/.test(rawCode)) return { ok: false, error: "ErrorCode is not a number" };
    update.errorCode = Number(rawCode);
  }
  if (status === "undelivered" || status === "failed") {
    // No ErrorCode on a failure is unusual; without one there is nothing to retry safely.
    update.failure = update.errorCode === undefined ? "rejected" : classifyTwilioFailure({ code: update.errorCode, status: 400 });
  }
  return { ok: true, update };
}
