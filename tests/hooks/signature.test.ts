import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createReplayGuard, signatureHeaders, signHookBody, verifyHookSignature } from "../../src/hooks/signature.js";

const SECRET = "s3cret-for-tests";
const AT = new Date("2026-11-24T16:00:00Z");
const TS = String(AT.getTime() / 1000);
const BODY = '{"id":"evt_1","type":"appointment.confirmed"}';

describe("verifyHookSignature", () => {
  it("accepts what signatureHeaders produced, at the same moment", () => {
    const h = signatureHeaders(SECRET, BODY, AT);
    expect(h["x-minnow-signature"]).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyHookSignature({ secret: SECRET, body: BODY, timestamp: h["x-minnow-timestamp"], signature: h["x-minnow-signature"], now: AT })).toEqual({ ok: true, timestamp: Number(TS) });
  });

  it.each([
    ["another secret", { secret: "other" }, "mismatch"],
    ["a changed body", { body: BODY.replace("confirmed", "declined") }, "mismatch"],
    ["a changed timestamp", { timestamp: String(Number(TS) + 1) }, "mismatch"],
    ["no timestamp", { timestamp: undefined }, "missing"],
    ["no signature", { signature: "" }, "missing"],
    ["a non-numeric timestamp", { timestamp: "16:00" }, "malformed"],
    ["a signature without v1=", { signature: "sha256=abc" }, "malformed"],
    ["a delivery older than the window", { now: new Date(AT.getTime() + 301_000) }, "stale"],
    ["a delivery from the future", { now: new Date(AT.getTime() - 301_000) }, "stale"],
  ])("refuses %s", (_name, change, reason) => {
    const base = { secret: SECRET, body: BODY, timestamp: TS, signature: signHookBody(SECRET, Number(TS), BODY), now: AT };
    expect(verifyHookSignature({ ...base, ...change })).toEqual({ ok: false, reason });
  });

  it("accepts any one matching v1 value, as during a secret rotation", () => {
    const signature = `v1=${"0".repeat(64)}, ${signHookBody(SECRET, Number(TS), BODY)}`;
    expect(verifyHookSignature({ secret: SECRET, body: BODY, timestamp: TS, signature, now: AT }).ok).toBe(true);
  });

  it("refuses any body other than the one signed", () => {
    const signature = signHookBody(SECRET, Number(TS), BODY);
    fc.assert(
      fc.property(fc.string(), (body) => {
        fc.pre(body !== BODY);
        expect(verifyHookSignature({ secret: SECRET, body, timestamp: TS, signature, now: AT }).ok).toBe(false);
      }),
    );
  });
});

describe("createReplayGuard", () => {
  it("accepts a request once, and a re-signed retry of the same delivery", () => {
    const guard = createReplayGuard();
    expect(guard.accept("dlv_1", 1000)).toBe(true);
    expect(guard.accept("dlv_1", 1000)).toBe(false);
    expect(guard.accept("dlv_1", 1030)).toBe(true);
    expect(guard.accept("dlv_2", 1000)).toBe(true);
  });
});
