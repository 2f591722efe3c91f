/**
 * How minnow signs hook deliveries, and how a subscriber checks them. The signature is
 * HMAC-SHA256 over `${timestamp}.${body}` with the hook's secret, sent as
 * `X-Minnow-Signature: v1=<hex>` next to `X-Minnow-Timestamp` (unix seconds). A subscriber
 * refuses a timestamp outside its window (a replay of an old delivery) and, within the window,
 * a delivery id it has already seen (createReplayGuard).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-minnow-signature";
export const TIMESTAMP_HEADER = "x-minnow-timestamp";
export const DELIVERY_HEADER = "x-minnow-delivery";
export const EVENT_HEADER = "x-minnow-event";
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signHookBody(secret: string, timestamp: number, body: string): string {
  return "v1=" + createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

export function signatureHeaders(secret: string, body: string, at: Date): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signHookBody(secret, timestamp, body) };
}

export interface VerifyInput {
  secret: string;
  /** The raw request body, exactly as received. */
  body: string;
  timestamp: string | null | undefined;
  signature: string | null | undefined;
  now?: Date;
  toleranceSeconds?: number;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: "missing" | "malformed" | "stale" | "mismatch" };

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** For subscribers: accepts a delivery only when signed with the secret within the replay window. */
export function verifyHookSignature(input: VerifyInput): VerifyResult {
  if (!input.timestamp || !input.signature) return { ok: false, reason: "missing" };
  if (!/^\d{1,12}$/.test(input.timestamp)) return { ok: false, reason: "malformed" };
  const timestamp = Number(input.timestamp);
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return { ok: false, reason: "stale" };
  const expected = signHookBody(input.secret, timestamp, input.body);
  // Several v1= values may be sent while a secret rotates; any one matching is enough.
  const offered = input.signature.split(",").map((s) => s.trim()).filter((s) => s.startsWith("v1="));
  if (offered.length === 0) return { ok: false, reason: "malformed" };
  return offered.some((s) => sameHex(s, expected)) ? { ok: true, timestamp } : { ok: false, reason: "mismatch" };
}

/**
 * Remembers (delivery id, timestamp) pairs for the replay window, so one signed request is
 * accepted once. minnow's own retry of a failed delivery is signed anew with a fresh timestamp
 * and passes; dedupe what you process by the payload's event `id`.
 */
export function createReplayGuard(windowSeconds = DEFAULT_TOLERANCE_SECONDS) {
  const seen = new Map<string, number>();
  return {
    /** True the first time a request is offered; false for a replay of it. Call after verifyHookSignature. */
    accept(deliveryId: string, timestamp: number): boolean {
      for (const [key, at] of seen) if (at < timestamp - 2 * windowSeconds) seen.delete(key);
      const key = `${deliveryId}.${timestamp}`;
      if (seen.has(key)) return false;
      seen.set(key, timestamp);
      return true;
    },
  };
}
