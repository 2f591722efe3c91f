import { afterEach, describe, expect, it } from "vitest";
import { decideConsent } from "../../src/policy/consent.js";
import {
  consentHistory, consentsByPhoneIdx, getConsent, latestConsentForPatient, recordConsent, revokeAllByPhoneIdx, revokeAllForPatient, revokeScopes,
  type ConsentInput,
} from "../../src/store/consent-ledger.js";
import { checkPhoneVerification, startPhoneVerification } from "../../src/store/phone-verifications.js";
import { testDialects } from "../helpers/test-store.js";
import { openFixture, type Fixture } from "./fixture.js";

const FAMILY_PHONE = "+13125550150";
const t = (hours: number) => new Date(Date.UTC(2026, 2, 1, hours));
const grant = (patientRef: string, extra: Partial<ConsentInput> = {}): ConsentInput => ({
  patientRef, phone: FAMILY_PHONE, scopes: ["appointment", "waitlist"], phiLevel: "minimal", source: "web-form", evidence: "form-7", phoneVerified: true, ...extra,
});

describe.each(testDialects())("consent ledger on %s", (dialect) => {
  let fx: Fixture | undefined;
  afterEach(async () => {
    await fx?.store.dispose();
    fx = undefined;
  });

  it("records a grant that policy allows, with its phone decrypted and evidence kept", async () => {
    fx = await openFixture(dialect);
    const id = await recordConsent(fx.store, fx.crypto, grant("Patient/a", { capturedAt: t(1) }), t(2));
    const latest = await latestConsentForPatient(fx.store, fx.crypto, "Patient/a");
    expect(latest).toMatchObject({ id, phone: FAMILY_PHONE, scopes: ["appointment", "waitlist"], evidence: "form-7", capturedAt: t(1), phoneVerified: true, revokedAt: null });
    expect(decideConsent(latest, { scope: "appointment", at: t(3) })).toEqual({ allowed: true, phiLevel: "minimal", reasons: [] });
    expect(decideConsent(latest, { scope: "billing", at: t(3) }).reasons).toContain("scope-missing");
  });

  it.each([
    ["patientRef", { patientRef: "" }],
    ["scopes", { scopes: [] }],
    ["scopes", { scopes: ["marketing"] }],
    ["phiLevel", { phiLevel: "full" }],
    ["source", { source: "fax" }],
  ])("refuses a grant with a bad %s, naming the field", async (field, bad) => {
    fx = await openFixture(dialect);
    await expect(recordConsent(fx.store, fx.crypto, { ...grant("Patient/a"), ...bad } as ConsentInput)).rejects.toThrow(field);
    expect(await fx.store.db.selectFrom("consents").select("id").execute()).toHaveLength(0);
  });

  it("STOP from a shared phone revokes every scope for every patient on it, and no one else", async () => {
    fx = await openFixture(dialect);
    await recordConsent(fx.store, fx.crypto, grant("Patient/mom", { capturedAt: t(1) }));
    await recordConsent(fx.store, fx.crypto, grant("Patient/kid", { capturedAt: t(1), phone: "(312) 555-0150" }));
    await recordConsent(fx.store, fx.crypto, grant("Patient/other", { capturedAt: t(1), phone: "+13125550151" }));
    const revoked = await revokeAllByPhoneIdx(fx.store, fx.crypto.index.phone(FAMILY_PHONE), { reason: "sms-keyword:STOP", at: t(5) });
    expect(revoked).toBe(2);
    for (const ref of ["Patient/mom", "Patient/kid"]) {
      const c = await latestConsentForPatient(fx.store, fx.crypto, ref);
      expect(c).toMatchObject({ revokedAt: t(5), revokedReason: "sms-keyword:STOP" });
      expect(decideConsent(c, { scope: "waitlist", at: t(6) })).toMatchObject({ allowed: false, reasons: ["revoked"] });
    }
    const other = await latestConsentForPatient(fx.store, fx.crypto, "Patient/other");
    expect(decideConsent(other, { scope: "appointment", at: t(6) }).allowed).toBe(true);
    expect((await consentsByPhoneIdx(fx.store, fx.crypto, fx.crypto.index.phone(FAMILY_PHONE))).map((c) => c.patientRef).sort()).toEqual(["Patient/kid", "Patient/mom"]);
  });

  it("a START after STOP is a newer grant that policy honours; the revoked row stays in history", async () => {
    fx = await openFixture(dialect);
    await recordConsent(fx.store, fx.crypto, grant("Patient/a", { capturedAt: t(1) }));
    await revokeAllForPatient(fx.store, "Patient/a", { reason: "staff", at: t(2) });
    await recordConsent(fx.store, fx.crypto, grant("Patient/a", { source: "sms-keyword", evidence: "SMstart", capturedAt: t(3) }));
    const latest = await latestConsentForPatient(fx.store, fx.crypto, "Patient/a");
    expect(latest).toMatchObject({ source: "sms-keyword", revokedAt: null });
    expect(decideConsent(latest, { scope: "appointment", at: t(4) }).allowed).toBe(true);
    const history = await consentHistory(fx.store, fx.crypto, "Patient/a");
    expect(history.map((c) => c.revokedAt)).toEqual([null, t(2)]);
    // A later STOP does not touch a grant captured after it.
    expect(await revokeAllForPatient(fx.store, "Patient/a", { reason: "late", at: t(2) })).toBe(0);
  });

  it("revokes single scopes cumulatively, then all of them", async () => {
    fx = await openFixture(dialect);
    const id = await recordConsent(fx.store, fx.crypto, grant("Patient/a", { scopes: ["appointment", "waitlist", "billing"], capturedAt: t(1) }));
    expect(await revokeScopes(fx.store, fx.crypto, id, ["waitlist"], { reason: "api", at: t(2) })).toBe(true);
    expect(await revokeScopes(fx.store, fx.crypto, id, ["billing"], { reason: "api", at: t(3) })).toBe(true);
    const c = await getConsent(fx.store, fx.crypto, id);
    expect(c?.revokedScopes).toEqual(["waitlist", "billing"]);
    expect(decideConsent(c, { scope: "appointment", at: t(4) }).allowed).toBe(true);
    expect(decideConsent(c, { scope: "billing", at: t(4) }).reasons).toContain("scope-revoked");
    await revokeAllForPatient(fx.store, "Patient/a", { reason: "STOP", at: t(5) });
    expect(decideConsent(await getConsent(fx.store, fx.crypto, id), { scope: "appointment", at: t(6) }).reasons).toEqual(["revoked"]);
    expect(await revokeScopes(fx.store, fx.crypto, id, ["appointment"], { reason: "api" })).toBe(false);
  });

  describe("phone verification", () => {
    it("verifies with the right code and marks the consent's phone verified", async () => {
      fx = await openFixture(dialect);
      const id = await recordConsent(fx.store, fx.crypto, grant("Patient/a", { phoneVerified: false }));
      await startPhoneVerification(fx.store, fx.crypto, id, "123456", { now: t(1) });
      expect(await checkPhoneVerification(fx.store, fx.crypto, id, "654321", { now: t(1) })).toBe("wrong-code");
      expect(await checkPhoneVerification(fx.store, fx.crypto, id, " 123456 ", { now: t(1) })).toBe("verified");
      expect((await getConsent(fx.store, fx.crypto, id))?.phoneVerified).toBe(true);
      const raw = await fx.store.db.selectFrom("phone_verifications").select("code_hash").executeTakeFirstOrThrow();
      expect(raw.code_hash).not.toContain("123456");
    });

    it("refuses an expired code, a replaced code and a missing one", async () => {
      fx = await openFixture(dialect);
      const id = await recordConsent(fx.store, fx.crypto, grant("Patient/a", { phoneVerified: false }));
      expect(await checkPhoneVerification(fx.store, fx.crypto, id, "111111")).toBe("no-code");
      await startPhoneVerification(fx.store, fx.crypto, id, "111111", { now: t(1), ttlMs: 60_000 });
      expect(await checkPhoneVerification(fx.store, fx.crypto, id, "111111", { now: new Date(t(1).getTime() + 60_000) })).toBe("expired");
      await startPhoneVerification(fx.store, fx.crypto, id, "222222", { now: t(2) });
      expect(await checkPhoneVerification(fx.store, fx.crypto, id, "111111", { now: t(2) })).toBe("wrong-code");
      expect((await getConsent(fx.store, fx.crypto, id))?.phoneVerified).toBe(false);
    });

    it("allows at most maxAttempts guesses, even in parallel", async () => {
      fx = await openFixture(dialect);
      const id = await recordConsent(fx.store, fx.crypto, grant("Patient/a", { phoneVerified: false }));
      await startPhoneVerification(fx.store, fx.crypto, id, "999999", { now: t(1) });
      const guesses = await Promise.all(Array.from({ length: 20 }, (_, i) => checkPhoneVerification(fx!.store, fx!.crypto, id, String(i).padStart(6, "0"), { now: t(1), maxAttempts: 5 })));
      expect(guesses.filter((g) => g === "wrong-code")).toHaveLength(5);
      expect(guesses.filter((g) => g === "too-many-attempts")).toHaveLength(15);
      expect(await checkPhoneVerification(fx.store, fx.crypto, id, "999999", { now: t(1), maxAttempts: 5 })).toBe("too-many-attempts");
    });
  });
});
