import { describe, expect, it } from "vitest";
import { ConsentSchema, decideConsent, type Consent } from "../../src/policy/consent.js";

const AT = new Date("2026-05-01T15:00:00Z");
const base: Consent = {
  patientRef: "pat-0001",
  scopes: ["appointment", "waitlist"],
  phiLevel: "minimal",
  source: "web-form",
  evidence: "form-submission-8812",
  capturedAt: new Date("2026-01-10T12:00:00Z"),
  phoneVerified: true,
};
const at = (consent: Partial<Consent>) => ({ ...base, ...consent });

describe("decideConsent", () => {
  it.each<[string, Consent | null | undefined, Parameters<typeof decideConsent>[1], ReturnType<typeof decideConsent>]>([
    ["a documented, verified consent allows its PHI level", base, { scope: "appointment", at: AT }, { allowed: true, phiLevel: "minimal", reasons: [] }],
    ["phiLevel none stays none", at({ phiLevel: "none" }), { scope: "waitlist", at: AT }, { allowed: true, phiLevel: "none", reasons: [] }],
    ["no consent denies", null, { scope: "appointment", at: AT }, { allowed: false, phiLevel: "none", reasons: ["no-consent"] }],
    ["undefined consent denies", undefined, { scope: "appointment", at: AT }, { allowed: false, phiLevel: "none", reasons: ["no-consent"] }],
    ["a scope not granted denies", base, { scope: "billing", at: AT }, { allowed: false, phiLevel: "none", reasons: ["scope-missing"] }],
    ["an unverified phone lowers minimal to none but still allows", at({ phoneVerified: false }), { scope: "appointment", at: AT },
      { allowed: true, phiLevel: "none", reasons: ["phi-lowered-unverified-phone"] }],
    ["an unverified phone with phiLevel none is fine", at({ phoneVerified: false, phiLevel: "none" }), { scope: "appointment", at: AT },
      { allowed: true, phiLevel: "none", reasons: [] }],
    ["a full revocation after the grant denies", at({ revokedAt: new Date("2026-03-01T00:00:00Z") }), { scope: "appointment", at: AT },
      { allowed: false, phiLevel: "none", reasons: ["revoked"] }],
    ["a revocation recorded after `at` still wins", at({ revokedAt: new Date("2026-06-01T00:00:00Z") }), { scope: "appointment", at: AT },
      { allowed: false, phiLevel: "none", reasons: ["revoked"] }],
    ["a revocation at the very instant of the grant wins", at({ revokedAt: base.capturedAt }), { scope: "appointment", at: AT },
      { allowed: false, phiLevel: "none", reasons: ["revoked"] }],
    ["a grant captured after the revocation supersedes it", at({ revokedAt: new Date("2025-12-01T00:00:00Z") }), { scope: "appointment", at: AT },
      { allowed: true, phiLevel: "minimal", reasons: [] }],
    ["revokedAt null is no revocation", at({ revokedAt: null }), { scope: "appointment", at: AT }, { allowed: true, phiLevel: "minimal", reasons: [] }],
    ["a scoped revocation denies that scope", at({ revokedAt: new Date("2026-03-01T00:00:00Z"), revokedScopes: ["waitlist"] }),
      { scope: "waitlist", at: AT }, { allowed: false, phiLevel: "none", reasons: ["scope-revoked"] }],
    ["a scoped revocation leaves other scopes", at({ revokedAt: new Date("2026-03-01T00:00:00Z"), revokedScopes: ["waitlist"] }),
      { scope: "appointment", at: AT }, { allowed: true, phiLevel: "minimal", reasons: [] }],
    ["revoked scopes without a date still revoke", at({ revokedScopes: ["appointment"] }), { scope: "appointment", at: AT },
      { allowed: false, phiLevel: "none", reasons: ["scope-revoked"] }],
    ["consent captured after `at` does not cover `at`", base, { scope: "appointment", at: new Date("2026-01-01T00:00:00Z") },
      { allowed: false, phiLevel: "none", reasons: ["captured-in-future"] }],
    ["consent without evidence denies", at({ evidence: undefined }), { scope: "appointment", at: AT },
      { allowed: false, phiLevel: "none", reasons: ["evidence-missing"] }],
    ["verbal consent must name who took it", at({ source: "verbal", evidence: "call-note-12" }), { scope: "appointment", at: AT },
      { allowed: false, phiLevel: "none", reasons: ["verbal-without-staff"] }],
    ["verbal consent with staff and a note is fine", at({ source: "verbal", evidence: "call-note-12", capturedBy: "staff-7" }),
      { scope: "appointment", at: AT }, { allowed: true, phiLevel: "minimal", reasons: [] }],
    ["broadcast needs written consent", at({ source: "ehr-import", scopes: ["broadcast"] }), { scope: "broadcast", at: AT },
      { allowed: false, phiLevel: "none", reasons: ["broadcast-needs-written-consent"] }],
    ["an Acuity booking checkbox does not cover broadcasts", at({ source: "acuity-sms-opt-in", scopes: ["broadcast"] }), { scope: "broadcast", at: AT },
      { allowed: false, phiLevel: "none", reasons: ["broadcast-needs-written-consent"] }],
    ["a written web form covers broadcasts", at({ scopes: ["broadcast"] }), { scope: "broadcast", at: AT },
      { allowed: true, phiLevel: "minimal", reasons: [] }],
    ["an invalid `at` denies", base, { scope: "appointment", at: new Date("nope") }, { allowed: false, phiLevel: "none", reasons: ["invalid-time"] }],
    ["several problems are all reported", at({ evidence: undefined, revokedAt: new Date("2026-02-01T00:00:00Z") }), { scope: "billing", at: AT },
      { allowed: false, phiLevel: "none", reasons: ["evidence-missing", "revoked", "scope-missing"] }],
  ])("%s", (_name, consent, request, expected) => {
    expect(decideConsent(consent, request)).toEqual(expected);
  });

  it.each([
    ["an empty patientRef", { ...base, patientRef: "" }],
    ["an unknown scope", { ...base, scopes: ["marketing"] }],
    ["an unknown source", { ...base, source: "fax" }],
    ["an unparseable capturedAt", { ...base, capturedAt: "yesterday" }],
    ["a missing phoneVerified", { ...base, phoneVerified: undefined }],
  ])("refuses a malformed record (%s) as invalid-consent", (_name, record) => {
    expect(decideConsent(record as unknown as Consent, { scope: "appointment", at: AT })).toEqual({
      allowed: false, phiLevel: "none", reasons: ["invalid-consent"],
    });
  });

  it("parses a stored record with ISO dates", () => {
    const parsed = ConsentSchema.parse({ ...base, capturedAt: "2026-01-10T12:00:00Z", revokedAt: null });
    expect(parsed.capturedAt).toEqual(new Date("2026-01-10T12:00:00Z"));
  });
});
