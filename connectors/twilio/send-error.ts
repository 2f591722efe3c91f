import { classifyTwilioFailure, type SendFailureKind } from "./error-codes.js";

/**
 * Turns whatever the SDK threw into a send outcome. The SDK throws RestException (legacy body) or
 * TwilioServiceException (RFC 9457), both with numeric `status` and `code`; axios throws for
 * network trouble. Anything else is a bug in our call and is rethrown, not reported as a failure.
 */
export interface SendFailure {
  kind: SendFailureKind;
  code?: number;
  status?: number;
  /** The request may have reached Twilio (timeout, reset): reconcile with listMessagesTo before resending. */
  outcomeUnknown?: true;
}

// Errors raised before any byte left the machine: the message certainly was not sent.
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ERR_INVALID_URL"]);

function field(err: object, name: string): unknown {
  return (err as Record<string, unknown>)[name];
}

export function toSendFailure(err: unknown): SendFailure | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const status = field(err, "status");
  const code = field(err, "code");
  if (typeof status === "number") {
    const failure: SendFailure = { kind: classifyTwilioFailure({ status, code: typeof code === "number" ? code : undefined }), status };
    if (typeof code === "number") failure.code = code;
    return failure;
  }
  const isNetwork = field(err, "isAxiosError") === true || (typeof code === "string" && /^E[A-Z_]+$/.test(code));
  if (!isNetwork) return undefined;
  const failure: SendFailure = { kind: "retryable" };
  if (typeof code !== "string" || !NOT_SENT.has(code)) failure.outcomeUnknown = true;
  return failure;
}
