import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { acuitySignature, verifyAcuitySignature } from "../../../connectors/acuity/webhook-signature.js";
import { API_KEY } from "./helpers/fixtures.js";

const BODY = "action=rescheduled&id=54321&calendarID=27238&appointmentTypeID=1";
const signed = createHmac("sha256", API_KEY).update(BODY).digest("base64");

describe("X-Acuity-Signature", () => {
  it("is the base64 HMAC-SHA256 of the raw body keyed by the API key", () => {
    expect(acuitySignature(BODY, API_KEY)).toBe(signed);
  });

  it.each<[string, { rawBody: string | Uint8Array; signature: string | null | undefined; apiKey: string }, boolean]>([
    ["a valid signature", { rawBody: BODY, signature: signed, apiKey: API_KEY }, true],
    ["a valid signature over raw bytes", { rawBody: Buffer.from(BODY), signature: signed, apiKey: API_KEY }, true],
    ["surrounding whitespace in the header", { rawBody: BODY, signature: ` ${signed} `, apiKey: API_KEY }, true],
    ["a forged signature (another key)", { rawBody: BODY, signature: acuitySignature(BODY, "attacker-key"), apiKey: API_KEY }, false],
    ["a tampered body", { rawBody: BODY.replace("54321", "54322"), signature: signed, apiKey: API_KEY }, false],
    ["a re-encoded body (field order changed)", { rawBody: "id=54321&action=rescheduled&calendarID=27238&appointmentTypeID=1", signature: signed, apiKey: API_KEY }, false],
    ["a hex signature instead of base64", { rawBody: BODY, signature: createHmac("sha256", API_KEY).update(BODY).digest("hex"), apiKey: API_KEY }, false],
    ["a truncated signature", { rawBody: BODY, signature: signed.slice(0, 20), apiKey: API_KEY }, false],
    ["a missing header", { rawBody: BODY, signature: undefined, apiKey: API_KEY }, false],
    ["a null header", { rawBody: BODY, signature: null, apiKey: API_KEY }, false],
    ["an empty header", { rawBody: BODY, signature: "", apiKey: API_KEY }, false],
    ["no API key configured", { rawBody: BODY, signature: acuitySignature(BODY, ""), apiKey: "" }, false],
  ])("%s -> %s", (_name, input, valid) => {
    expect(verifyAcuitySignature(input)).toBe(valid);
  });

  it("accepts any body signed with the key and rejects it after any one-byte change", () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.string({ minLength: 1 }), fc.nat(), (bytes, key, at) => {
      const body = Buffer.from(bytes);
      const signature = acuitySignature(body, key);
      expect(verifyAcuitySignature({ rawBody: body, signature, apiKey: key })).toBe(true);
      const tampered = Buffer.from(body);
      const index = at % tampered.length;
      tampered[index] = ((tampered[index] ?? 0) + 1) % 256;
      expect(verifyAcuitySignature({ rawBody: tampered, signature, apiKey: key })).toBe(false);
    }), { numRuns: 200 });
  });
});
