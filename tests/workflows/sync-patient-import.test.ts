import { afterEach, describe, expect, it } from "vitest";
import { consentHistory, recordConsent, revokeAllForPatient } from "../../src/store/consent-ledger.js";
import { recordPhoneOptIn, recordPhoneOptOut } from "../../src/store/phone-opt-outs.js";
import { syncPatientContact } from "../../workflows/sync-patient.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";
import { testDialects } from "../helpers/test-store.js";

/** The consent a sync imports from the practice's intake form (`consent.fromEhr`), and when it must not. */
const FROM_EHR = { consent: { fromEhr: { scopes: ["appointment"], phiLevel: "none", evidence: "Intake form v3" } } };
const PHONE = "+13125550170";
const NOW = new Date("2026-12-01T15:00:00Z");
const earlier = new Date("2026-11-01T15:00:00Z");
const sibling = (patientRef: string) => ({ patientRef, phone: PHONE, scopes: ["appointment" as const], phiLevel: "none" as const, source: "web-form" as const, capturedAt: earlier });

describe.each(testDialects())("a sync's consent import on %s", (dialect) => {
  let s: TestServices | undefined;
  afterEach(async () => {
    await s?.dispose();
    s = undefined;
  });
  const open = async () => (s = await openTestServices({ dialect, config: FROM_EHR, now: NOW }));

  it("imports the intake form's consent once for a patient the ledger does not know", async () => {
    const services = await open();
    expect(await syncPatientContact(services, "Patient/a", { phone: PHONE })).toBe("ehr-import");
    expect(await syncPatientContact(services, "Patient/a", { phone: PHONE })).toBeNull();
    expect(await consentHistory(services.store, services.crypto, "Patient/a")).toHaveLength(1);
  });

  it("imports nothing for a patient with any ledger row, even a revoked one on another phone", async () => {
    const services = await open();
    await recordConsent(services.store, services.crypto, { ...sibling("Patient/a"), phone: "+13125550171" });
    await revokeAllForPatient(services.store, "Patient/a", { reason: "staff", at: earlier });
    expect(await syncPatientContact(services, "Patient/a", { phone: PHONE })).toBeNull();
    expect(await consentHistory(services.store, services.crypto, "Patient/a")).toHaveLength(1);
  });

  it("imports nothing on a phone where anyone's consent was revoked, but a sibling's standing consent does not block it", async () => {
    const services = await open();
    await recordConsent(services.store, services.crypto, sibling("Patient/kid"));
    expect(await syncPatientContact(services, "Patient/mom", { phone: PHONE })).toBe("ehr-import");
    await revokeAllForPatient(services.store, "Patient/kid", { reason: "sms-keyword:STOP", at: earlier });
    expect(await syncPatientContact(services, "Patient/dad", { phone: "(312) 555-0170" })).toBeNull();
    expect(await consentHistory(services.store, services.crypto, "Patient/dad")).toEqual([]);
  });

  it("imports nothing while the phone stands opted out, and again once it opted back in", async () => {
    const services = await open();
    const phoneIdx = services.crypto.index.phone(PHONE);
    await recordPhoneOptOut(services.store, phoneIdx, { at: earlier, reason: "sms-keyword:STOP", sourceRef: "in-1" });
    expect(await syncPatientContact(services, "Patient/a", { phone: PHONE })).toBeNull();
    await recordPhoneOptIn(services.store, phoneIdx, "sms-keyword", NOW);
    expect(await syncPatientContact(services, "Patient/a", { phone: PHONE })).toBe("ehr-import");
  });
});
