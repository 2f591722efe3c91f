import type { Consent } from "@medplum/fhirtypes";
import { describe, expect, it } from "vitest";
import { consentFromFhir, SMS_SCOPE_SYSTEM } from "../../../connectors/fhir/import-consents.js";
import { decideConsent } from "../../../src/policy/consent.js";

const NOW = new Date("2026-11-24T16:00:00Z");
const PHONE = "+13125550142";

function consent(overrides: Partial<Consent> = {}): Consent {
  return {
    resourceType: "Consent",
    id: "c1",
    meta: { versionId: "3", lastUpdated: "2026-11-01T10:00:00Z" },
    status: "active",
    scope: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/consentscope", code: "patient-privacy" }] },
    category: [{ coding: [{ system: SMS_SCOPE_SYSTEM, code: "appointment" }, { system: SMS_SCOPE_SYSTEM, code: "billing" }] }],
    patient: { reference: "https://ehr.example.test/fhir/Patient/p1" },
    dateTime: "2026-10-01T09:00:00Z",
    performer: [{ reference: "Practitioner/dr9" }],
    provision: { type: "permit" },
    ...overrides,
  };
}

describe("consentFromFhir", () => {
  it("maps an active permit naming minnow scopes to an ehr-import grant policy accepts", () => {
    const imported = consentFromFhir(consent(), { phone: PHONE, now: NOW });
    expect(imported).toEqual({
      kind: "grant",
      input: {
        patientRef: "Patient/p1",
        phone: PHONE,
        scopes: ["appointment", "billing"],
        phiLevel: "none",
        source: "ehr-import",
        evidence: "fhir:Consent/c1/_history/3",
        capturedBy: "Practitioner/dr9",
        capturedAt: new Date("2026-10-01T09:00:00Z"),
        phoneVerified: false,
      },
    });
    if (imported.kind !== "grant") throw new Error("expected a grant");
    const { phone: _phone, ...rest } = imported.input;
    const asRecorded = { ...rest, capturedAt: imported.input.capturedAt ?? NOW, phoneVerified: false, revokedAt: null };
    expect(decideConsent(asRecorded, { scope: "appointment", at: NOW }).allowed).toBe(true);
    expect(decideConsent(asRecorded, { scope: "broadcast", at: NOW }).allowed).toBe(false);
  });

  it("uses the practice defaults only when configured, for consents without minnow codes", () => {
    const generic = consent({ category: [{ coding: [{ system: "http://loinc.org", code: "59284-0" }] }] });
    expect(consentFromFhir(generic, { phone: PHONE, now: NOW })).toEqual({ kind: "skip", reason: "not-sms-consent" });
    const imported = consentFromFhir(generic, { phone: PHONE, now: NOW, defaults: { scopes: ["appointment"], phiLevel: "minimal" } });
    expect(imported).toMatchObject({ kind: "grant", input: { scopes: ["appointment"], phiLevel: "minimal" } });
  });

  it.each([
    ["inactive", { status: "inactive" as const }, new Date("2026-11-01T10:00:00Z")],
    ["rejected", { status: "rejected" as const }, new Date("2026-11-01T10:00:00Z")],
    ["a deny provision", { provision: { type: "deny" as const } }, new Date("2026-11-01T10:00:00Z")],
    ["an ended period", { provision: { type: "permit" as const, period: { end: "2026-11-20T00:00:00Z" } } }, new Date("2026-11-20T00:00:00Z")],
  ])("turns %s into a revocation", (_name, overrides, at) => {
    expect(consentFromFhir(consent(overrides), { phone: PHONE, now: NOW })).toEqual({ kind: "revoke", patientRef: "Patient/p1", evidence: "fhir:Consent/c1/_history/3", at });
  });

  it.each([
    ["entered-in-error", { status: "entered-in-error" as const }, undefined],
    ["not-final", { status: "draft" as const }, undefined],
    ["not-final", { status: "proposed" as const }, undefined],
    ["no-patient", { patient: { reference: "Group/g1" } }, undefined],
    ["no-patient", { patient: undefined }, undefined],
    ["no-id", { id: undefined }, undefined],
    ["no-phone", {}, null],
    ["not-yet-in-force", { provision: { type: "permit" as const, period: { start: "2027-01-01" } } }, undefined],
    ["bad-date", { dateTime: "yesterday" }, undefined],
    ["not-sms-consent", { category: [{ coding: [{ system: SMS_SCOPE_SYSTEM, code: "marketing" }] }] }, undefined],
  ])("skips with %s", (reason, overrides, phone) => {
    const imported = consentFromFhir(consent(overrides), { phone: phone === null ? undefined : PHONE, now: NOW });
    expect(imported).toMatchObject({ kind: "skip", reason });
  });

  it("records a future-dated consent as captured now, so policy does not deny it", () => {
    const imported = consentFromFhir(consent({ dateTime: "2027-05-01T00:00:00Z" }), { phone: PHONE, now: NOW });
    expect(imported).toMatchObject({ kind: "grant", input: { capturedAt: NOW } });
  });

  it("reads scopes from provision.purpose and provision.code too, once each", () => {
    const imported = consentFromFhir(
      consent({ category: [], provision: { type: "permit", purpose: [{ system: SMS_SCOPE_SYSTEM, code: "waitlist" }], code: [{ coding: [{ system: SMS_SCOPE_SYSTEM, code: "waitlist" }] }] } }),
      { phone: PHONE, now: NOW },
    );
    expect(imported).toMatchObject({ kind: "grant", input: { scopes: ["waitlist"] } });
  });
});
