/**
 * What a Twilio failure means for minnow, in one place. Used for REST errors at send time and for
 * `ErrorCode` on status callbacks, so the same code always leads to the same decision.
 *
 * - unsubscribed: the recipient replied STOP to this sender; consent is revoked, never retry.
 * - invalid-number: the contact is flagged invalid (not a number, not a mobile, or a number the
 *   carrier does not know: 30005); nothing is texted there until the EHR has another number.
 * - landline: the number is a landline or its carrier takes no SMS (30006); flagged invalid too.
 * - unreachable: the handset was off or out of coverage for as long as Twilio kept trying
 *   (30003); the contact stays valid and the next text tries again.
 * - filtered: carriers filtered the message; the template is flagged for review.
 * - retryable: rate limit, Twilio outage or network trouble; retry with backoff.
 * - rejected: any other refusal; retrying the same request would fail the same way.
 */
export type SendFailureKind = "unsubscribed" | "invalid-number" | "landline" | "unreachable" | "filtered" | "retryable" | "rejected";

export const TWILIO_ERROR = {
  /** Attempt to send to unsubscribed recipient. */
  UNSUBSCRIBED: 21610,
  /** Invalid 'To' phone number. */
  INVALID_TO: 21211,
  /** 'To' number is not a valid mobile number. */
  NOT_MOBILE: 21614,
  /** Unreachable destination handset (switched off or out of coverage). */
  UNREACHABLE_HANDSET: 30003,
  /** Unknown destination handset (the number does not exist or is no longer in service). */
  UNKNOWN_HANDSET: 30005,
  /** Landline or unreachable carrier. */
  LANDLINE: 30006,
  /** Message filtered (carrier violation). */
  CARRIER_FILTERED: 30007,
} as const;

const BY_CODE: ReadonlyMap<number, SendFailureKind> = new Map([
  [TWILIO_ERROR.UNSUBSCRIBED, "unsubscribed"],
  [TWILIO_ERROR.INVALID_TO, "invalid-number"],
  [TWILIO_ERROR.NOT_MOBILE, "invalid-number"],
  [TWILIO_ERROR.UNREACHABLE_HANDSET, "unreachable"],
  [TWILIO_ERROR.UNKNOWN_HANDSET, "invalid-number"],
  [TWILIO_ERROR.LANDLINE, "landline"],
  [TWILIO_ERROR.CARRIER_FILTERED, "filtered"],
]);

/** A Twilio error code wins over the HTTP status: a 400 with 21610 is an opt-out, not a bad request. */
export function classifyTwilioFailure(failure: { status?: number; code?: number }): SendFailureKind {
  const byCode = failure.code === undefined ? undefined : BY_CODE.get(failure.code);
  if (byCode) return byCode;
  const { status } = failure;
  if (status === undefined || status === 429 || status >= 500) return "retryable";
  return "rejected";
}

export function isRetryable(kind: SendFailureKind): boolean {
  return kind === "retryable";
}

/** The number cannot take texts: the contact is flagged invalid until it changes. */
export function flagsContactInvalid(kind: SendFailureKind): boolean {
  return kind === "invalid-number" || kind === "landline";
}
