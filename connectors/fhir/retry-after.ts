/**
 * When to try a request again. 429 and 503 are the server asking us to wait; `Retry-After`
 * says how long, as seconds or an HTTP date (RFC 9110 §10.2.3). A read (GET) is also sent again
 * after a 500, 502 or 504, a timeout or a dropped connection: reading twice changes nothing on
 * the server. A write is not, since the server may have acted before it failed. Everything else
 * fails at once.
 */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** The longest single wait we accept; a server asking for more fails the call instead. */
  maxWaitMs: number;
  /** The wait when the server gives no Retry-After; doubled on each retry. */
  baseDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 3,
  maxWaitMs: 60_000,
  baseDelayMs: 1_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => new Date(),
};

const RETRYABLE = new Set([429, 503]);
/** The server or a gateway failed on the way; safe to repeat only for a read. */
const TRANSIENT_FOR_READS = new Set([500, 502, 504]);

export interface RequestKind {
  /** A GET: repeating it cannot change anything on the server. */
  idempotent?: boolean;
  /** The request timed out or never reached the server (no HTTP status). */
  transport?: boolean;
}

function retryable(status: number | undefined, kind: RequestKind): boolean {
  if (status !== undefined && RETRYABLE.has(status)) return true;
  if (!kind.idempotent) return false;
  return status === undefined ? kind.transport === true : TRANSIENT_FOR_READS.has(status);
}

/** Milliseconds to wait, from a Retry-After value; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Only an HTTP date (it names a month); V8 would otherwise read "-5" or "1.5" as dates.
  if (!/\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

export type RetryDecision = { retry: true; waitMs: number } | { retry: false; why: string };

/** Whether attempt number `retriesSoFar + 1` should happen, and after how long. */
export function decideRetry(status: number | undefined, retryAfter: string | null | undefined, retriesSoFar: number, policy: RetryPolicy, kind: RequestKind = {}): RetryDecision {
  if (!retryable(status, kind)) return { retry: false, why: "not retryable" };
  if (retriesSoFar >= policy.maxRetries) return { retry: false, why: `gave up after ${retriesSoFar} retries` };
  const waitMs = parseRetryAfter(retryAfter, policy.now()) ?? policy.baseDelayMs * 2 ** retriesSoFar;
  if (waitMs > policy.maxWaitMs) return { retry: false, why: `server asked to wait ${Math.ceil(waitMs / 1000)} s, over the ${policy.maxWaitMs / 1000} s limit` };
  return { retry: true, waitMs };
}
