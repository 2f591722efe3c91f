import { describe, expect, it } from "vitest";
import type { Consent } from "../../src/policy/consent.js";
import { decideSend, type SendRequest } from "../../src/policy/decide-send.js";

const consent: Consent = {
  patientRef: "Patient/p1",
  scopes: ["appointment", "waitlist"],
  phiLevel: "minimal",
  source: "paper",
  evidence: "Intake form v3, SMS section",
  capturedAt: new Date("2026-01-10T15:00:00Z"),
  phoneVerified: true,
};

// Tuesday 2026-11-24 at 10:00 in Chicago.
const tuesdayMorning = new Date("2026-11-24T16:00:00Z");

function request(overrides: Partial<SendRequest> = {}): SendRequest {
  return {
    at: tuesdayMorning,
    scope: "appointment",
    consent,
    recipient: { phone: "+13125550101", timeZone: "America/Chicago", state: "IL", phoneVerified: true },
    practiceTimeZone: "America/Chicago",
    history: [],
    ...overrides,
  };
}

describe("decideSend", () => {
  it("sends at the consent's PHI level when every rule allows", () => {
    expect(decideSend(request())).toEqual({ action: "send", phiLevel: "minimal", reasons: [] });
  });

  it("defers to 08:00 local when asked at 06:30 local", () => {
    const decision = decideSend(request({ at: new Date("2026-11-24T12:30:00Z") }));
    expect(decision).toEqual({ action: "defer", until: new Date("2026-11-24T14:00:00Z"), reasons: ["quiet-hours"] });
  });

  it("applies the stricter Florida evening cutoff from the recipient's state", () => {
    // 20:30 in New York: federal allows until 21:00, Florida stops at 20:00.
    const decision = decideSend(request({ at: new Date("2026-11-25T01:30:00Z"), recipient: { phone: "+13055550101", timeZone: "America/New_York", state: "FL" } }));
    expect(decision.action).toBe("defer");
  });

  it("defers when today's cap is used by another workflow", () => {
    const decision = decideSend(request({ history: [new Date("2026-11-24T15:00:00Z")] }));
    expect(decision.action).toBe("defer");
    expect(decision.reasons).toEqual(["daily-cap"]);
  });

  it("defers a capped message to a time inside the recipient's window", () => {
    // The last text went at 20:15 New York time; the rolling day frees up at 20:15 tonight,
    // after Florida's 20:00 cutoff, so the decision lands at 08:00 tomorrow.
    const florida = { phone: "+13055550101", timeZone: "America/New_York", state: "FL" };
    const decision = decideSend(request({ recipient: florida, history: [new Date("2026-11-24T01:15:00Z")] }));
    expect(decision).toEqual({ action: "defer", until: new Date("2026-11-25T13:00:00Z"), reasons: ["daily-cap"] });
  });

  it.each([
    ["no consent", { consent: null }, "no-consent"],
    ["revoked", { consent: { ...consent, revokedAt: new Date("2026-11-01T00:00:00Z") } }, "revoked"],
    ["wrong scope", { scope: "billing" as const }, "scope-missing"],
  ])("denies with %s", (_, overrides, reason) => {
    const decision = decideSend(request(overrides));
    expect(decision.action).toBe("deny");
    expect(decision.reasons).toContain(reason);
  });

  it("denies without a phone or with a number flagged invalid", () => {
    expect(decideSend(request({ recipient: { timeZone: "America/Chicago" } })).reasons).toEqual(["no-phone"]);
    expect(decideSend(request({ contactInvalid: true })).reasons).toEqual(["contact-invalid"]);
  });

  it("lets a reply to the patient's own message through at night and after revocation", () => {
    const decision = decideSend(request({ kind: "reply", at: new Date("2026-11-24T08:00:00Z"), consent: { ...consent, revokedAt: tuesdayMorning } }));
    expect(decision).toEqual({ action: "send", phiLevel: "none", reasons: ["reply-to-patient"] });
  });

  it("lowers detail to none when the destination number itself was not proven, whatever the consent row says", () => {
    const unproven = { phone: "+13125550101", timeZone: "America/Chicago", state: "IL" };
    expect(decideSend(request({ recipient: unproven }))).toEqual({ action: "send", phiLevel: "none", reasons: ["phi-lowered-unverified-phone"] });
    expect(decideSend(request({ recipient: { ...unproven, phoneVerified: false } })).reasons).toEqual(["phi-lowered-unverified-phone"]);
  });

  it.each([
    ["outreach", { phoneOptedOut: true }, "phone-opted-out"],
    ["outreach", { wrongNumber: true }, "wrong-number"],
    ["acknowledgement", { phoneOptedOut: true }, "phone-opted-out"],
    ["acknowledgement", { wrongNumber: true }, "wrong-number"],
    ["verification", { phoneOptedOut: true }, "phone-opted-out"],
  ] as const)("denies a %s to a number that %j", (kind, flags, reason) => {
    expect(decideSend(request({ kind, ...flags }))).toEqual({ action: "deny", reasons: [reason] });
  });

  it.each(["acknowledgement", "verification"] as const)("sends a %s at night, over the caps and without consent, carrying no detail", (kind) => {
    const decision = decideSend(request({ kind, at: new Date("2026-11-24T08:00:00Z"), consent: null, history: [new Date("2026-11-24T07:00:00Z")] }));
    expect(decision).toEqual({ action: "send", phiLevel: "none", reasons: [kind] });
  });

  it("sends a verification code to a number called wrong: the code is how it is proven again", () => {
    expect(decideSend(request({ kind: "verification", wrongNumber: true }))).toEqual({ action: "send", phiLevel: "none", reasons: ["verification"] });
  });

  it("still answers a carrier-required reply on a number that opted out or was called wrong", () => {
    expect(decideSend(request({ kind: "reply", phoneOptedOut: true, wrongNumber: true })).action).toBe("send");
  });
});
