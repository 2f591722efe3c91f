import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Acuity signs each webhook with `X-Acuity-Signature`: the base64 HMAC-SHA256 of the raw request
 * body, keyed by the API key. Verify before parsing anything, against the exact bytes received
 * (a re-encoded form body would not match).
 */
export function acuitySignature(rawBody: string | Uint8Array, apiKey: string): string {
  return createHmac("sha256", apiKey).update(rawBody).digest("base64");
}

export function verifyAcuitySignature(input: { rawBody: string | Uint8Array; signature: string | null | undefined; apiKey: string }): boolean {
  const { signature, apiKey } = input;
  if (!signature || !apiKey) return false;
  const expected = Buffer.from(acuitySignature(input.rawBody, apiKey), "utf8");
  const given = Buffer.from(signature.trim(), "utf8");
  // timingSafeEqual needs equal lengths; a length mismatch reveals nothing secret.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
