import { Migrator } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { migrateToLatest } from "../../src/store/db.js";
import { migrations } from "../../src/store/migrations/index.js";
import { markPhoneVerified, markWrongNumber, phoneStanding } from "../../src/store/patient-phones.js";
import { phoneOptOut, phoneOptOutFrom, recordPhoneOptIn, recordPhoneOptOut } from "../../src/store/phone-opt-outs.js";
import { openTestStore, testDialects, type TestStore } from "../helpers/test-store.js";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 16, minute));

describe.each(testDialects())("a number's standing on %s", (dialect) => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.dispose();
    store = undefined;
  });

  it("a verification belongs to one patient and one number", async () => {
    store = await openTestStore(dialect);
    expect(await markPhoneVerified(store, { patientRef: "Patient/a", phoneIdx: "idx-A", via: "code", evidence: "otp_1", at: at(0) })).toBe(true);
    expect(await markPhoneVerified(store, { patientRef: "Patient/a", phoneIdx: "idx-A", via: "reply", evidence: "in_1", at: at(1) })).toBe(false);
    expect(await phoneStanding(store, "Patient/a", "idx-A")).toEqual({ verified: true, via: "code", wrongNumber: false });
    expect(await phoneStanding(store, "Patient/a", "idx-B")).toEqual({ verified: false, via: null, wrongNumber: false });
    expect(await phoneStanding(store, "Patient/b", "idx-A")).toEqual({ verified: false, via: null, wrongNumber: false });
    expect(await phoneStanding(store, "Patient/a", null)).toEqual({ verified: false, via: null, wrongNumber: false });
  });

  it("a wrong number unverifies it; a reply or attestation cannot undo that, a code can", async () => {
    store = await openTestStore(dialect);
    await markPhoneVerified(store, { patientRef: "Patient/a", phoneIdx: "idx-A", via: "attestation", evidence: "FD-12", at: at(0) });
    expect(await markWrongNumber(store, { patientRef: "Patient/a", phoneIdx: "idx-A", evidence: "in_9", at: at(1) })).toBe(true);
    expect(await markWrongNumber(store, { patientRef: "Patient/a", phoneIdx: "idx-A", evidence: "in_10", at: at(2) })).toBe(false);
    expect(await phoneStanding(store, "Patient/a", "idx-A")).toEqual({ verified: false, via: null, wrongNumber: true });
    for (const via of ["reply", "attestation"] as const) {
      expect(await markPhoneVerified(store, { patientRef: "Patient/a", phoneIdx: "idx-A", via, evidence: "x", at: at(3) })).toBe(false);
    }
    expect(await markPhoneVerified(store, { patientRef: "Patient/a", phoneIdx: "idx-A", via: "code", evidence: "otp_2", at: at(4) })).toBe(true);
    expect(await phoneStanding(store, "Patient/a", "idx-A")).toEqual({ verified: true, via: "code", wrongNumber: false });
  });

  it("an opt-out stands until the phone opts back in, and a late duplicate cannot re-open an older one", async () => {
    store = await openTestStore(dialect);
    await recordPhoneOptOut(store, "idx-A", { at: at(5), reason: "sms-opt-out", sourceRef: "in_1" });
    expect(await phoneOptOut(store, "idx-A")).toEqual({ at: at(5), reason: "sms-opt-out", sourceRef: "in_1" });
    expect(await recordPhoneOptIn(store, "idx-A", "sms-keyword", at(6))).toBe(true);
    expect(await recordPhoneOptIn(store, "idx-A", "sms-keyword", at(7))).toBe(false);
    expect(await phoneOptOut(store, "idx-A")).toBeNull();
    await recordPhoneOptOut(store, "idx-A", { at: at(4), reason: "carrier-unsubscribed-21610", sourceRef: "out_1" });
    expect(await phoneOptOut(store, "idx-A")).toBeNull();
    await recordPhoneOptOut(store, "idx-A", { at: at(8), reason: "sms-opt-out", sourceRef: "in_2" });
    expect(await phoneOptOut(store, "idx-A")).toMatchObject({ reason: "sms-opt-out", sourceRef: "in_2" });
    expect(await phoneOptOut(store, "idx-unknown")).toBeNull();
  });

  it("the same opt-out recorded again (a STOP routed twice) keeps the time it was first recorded", async () => {
    store = await openTestStore(dialect);
    await recordPhoneOptOut(store, "idx-A", { at: at(5), reason: "sms-opt-out", sourceRef: "in_1" });
    await recordPhoneOptOut(store, "idx-A", { at: at(9), reason: "sms-opt-out", sourceRef: "in_1" });
    expect(await phoneOptOutFrom(store, "idx-A", "in_1")).toEqual({ at: at(5), reason: "sms-opt-out", sourceRef: "in_1" });
    await recordPhoneOptOut(store, "idx-A", { at: at(10), reason: "sms-opt-out", sourceRef: "in_2" });
    expect(await phoneOptOutFrom(store, "idx-A", "in_1")).toBeNull();
    expect(await phoneOptOutFrom(store, "idx-A", "in_2")).toEqual({ at: at(10), reason: "sms-opt-out", sourceRef: "in_2" });
  });

  it("migration 006 carries over verifications by code (for their number) and opt-outs not since superseded", async () => {
    store = await openTestStore(dialect);
    const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => migrations } });
    const down = await migrator.migrateTo("005-consent-scope-history");
    expect(down.error).toBeUndefined();
    const row = (id: string, phoneIdx: string, extra: Record<string, unknown>) => ({
      id, patient_ref: "Patient/a", phone_ct: "x", phone_idx: phoneIdx, scopes: '["appointment"]', phi_level: "minimal", source: "paper", evidence: "e",
      captured_by: null, captured_at: at(0).getTime(), phone_verified: 0, revoked_at: null, revoked_scopes: null, scopes_revoked_earlier: null, revoked_reason: null, created_at: at(0).getTime(), ...extra,
    });
    await store.db.insertInto("consents").values([
      row("c1", "idx-verified", { phone_verified: 1 }),
      row("c2", "idx-stopped", { revoked_at: at(10).getTime(), revoked_reason: "sms-opt-out" }),
      row("c3", "idx-restarted", { revoked_at: at(10).getTime(), revoked_reason: "sms-opt-out" }),
      row("c4", "idx-restarted", { captured_at: at(20).getTime(), source: "sms-keyword" }),
      row("c5", "idx-staff", { revoked_at: at(10).getTime(), revoked_reason: "patient-request" }),
    ] as never).execute();
    await migrateToLatest(store.db);
    expect(await phoneStanding(store, "Patient/a", "idx-verified")).toMatchObject({ verified: true, via: "code" });
    expect(await phoneStanding(store, "Patient/a", "idx-stopped")).toMatchObject({ verified: false });
    expect(await phoneOptOut(store, "idx-stopped")).toMatchObject({ at: at(10), reason: "sms-opt-out" });
    expect(await phoneOptOut(store, "idx-restarted")).toBeNull();
    expect(await phoneOptOut(store, "idx-staff")).toBeNull();
  });
});
