import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sendOutreach } from "../../src/messaging/send-outreach.js";
import { listAudit } from "../../src/store/audit-log.js";
import { latestConsentForPatient, recordConsent } from "../../src/store/consent-ledger.js";
import { getContact, upsertContact } from "../../src/store/contacts.js";
import { listEvents } from "../../src/store/events.js";
import { getOutboundByEffectKey, recordOutbound } from "../../src/store/outbound-messages.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";
import { PATIENT_PHONE, REMINDER_REQUEST, seedConsentedPatient } from "../helpers/outreach-fixture.js";

const PHONE = PATIENT_PHONE;
const request = REMINDER_REQUEST;

let services: TestServices;

beforeEach(async () => {
  services = await openTestServices({ now: new Date("2026-11-24T16:00:00Z") });
  await seedConsentedPatient(services);
});
afterEach(() => services.dispose());

describe("sendOutreach", () => {
  it("sends one minimal-PHI reminder and audits the decision", async () => {
    const result = await sendOutreach(services, request);
    expect(result.outcome).toBe("sent");
    expect(services.sms.sent).toHaveLength(1);
    expect(services.sms.sent[0]?.body).toContain("Hi Rowan");
    const audit = await listAudit(services.store, "Appointment/a1");
    expect(audit.map((a) => a.action)).toEqual(["message.sent"]);
  });

  it("never sends twice for the same effect key", async () => {
    await sendOutreach(services, request);
    const again = await sendOutreach(services, request);
    expect(again.outcome).toBe("sent");
    expect(services.sms.sent).toHaveLength(1);
  });

  it("falls back to the no-detail variant when consent allows no PHI", async () => {
    await recordConsent(services.store, services.crypto, { patientRef: "Patient/p1", phone: PHONE, scopes: ["appointment"], phiLevel: "none", source: "web-form", evidence: "Portal form", capturedAt: new Date("2026-02-01T00:00:00Z") });
    await sendOutreach(services, request);
    expect(services.sms.sent[0]?.body).not.toContain("Rowan");
    expect(services.sms.sent[0]?.body).toContain("upcoming appointment");
  });

  it("defers during quiet hours and sends nothing", async () => {
    services.setNow(new Date("2026-11-24T11:00:00Z")); // 05:00 in Chicago
    const result = await sendOutreach(services, request);
    expect(result).toMatchObject({ outcome: "deferred", until: new Date("2026-11-24T14:00:00Z") });
    expect(services.sms.sent).toHaveLength(0);
  });

  it("denies without consent for the scope", async () => {
    const result = await sendOutreach(services, { ...request, scope: "billing", effectKey: "pay:1", templateId: "payment-reminder" });
    expect(result).toEqual({ outcome: "denied", reasons: ["scope-missing"] });
    expect(services.sms.sent).toHaveLength(0);
  });

  it("revokes every scope when the carrier says the phone unsubscribed (21610)", async () => {
    services.sms.nextResults = [{ ok: false, kind: "unsubscribed", code: 21610 }];
    const result = await sendOutreach(services, request);
    expect(result.outcome).toBe("failed");
    const consent = await latestConsentForPatient(services.store, services.crypto, "Patient/p1");
    expect(consent?.revokedAt).toBeTruthy();
    expect((await listEvents(services.store, { type: "patient.opted_out" })).length).toBe(1);
    const later = await sendOutreach(services, { ...request, effectKey: "reminder:Appointment/a1:touch-2h" });
    expect(later.outcome).toBe("denied");
  });

  it("flags the number invalid on 21211", async () => {
    services.sms.nextResults = [{ ok: false, kind: "invalid-number", code: 21211 }];
    await sendOutreach(services, request);
    expect((await getContact(services.store, services.crypto, "Patient/p1"))?.invalidAt).toBeTruthy();
  });

  it("throws on a retryable provider failure and sends once on the retry", async () => {
    services.sms.nextResults = [{ ok: false, kind: "retryable", code: 503 }];
    await expect(sendOutreach(services, request)).rejects.toThrow(/retry/);
    expect((await sendOutreach(services, request)).outcome).toBe("sent");
    expect(services.sms.sent).toHaveLength(1);
  });

  it("reconciles a send whose outcome was lost instead of texting twice", async () => {
    // A crash after Twilio accepted the message but before minnow recorded the sid.
    await sendOutreach(services, request);
    const row = await getOutboundByEffectKey(services.store, request.effectKey);
    expect(row?.providerSid).toBeTruthy();
    await services.store.db.updateTable("outbound_messages").set({ provider_sid: null }).execute();
    await services.store.db.updateTable("effects").set({ status: "pending" }).execute();
    const result = await sendOutreach(services, request);
    expect(result.outcome).toBe("sent");
    expect(services.sms.sent).toHaveLength(1);
    expect((await getOutboundByEffectKey(services.store, request.effectKey))?.providerSid).toBe(services.sms.sent[0]?.sid);
  });

  it("finishes the bookkeeping of a send cut short after Twilio's sid was recorded", async () => {
    // A crash after the sid was written but before the audit entry, the event and the effect's close.
    await sendOutreach(services, request);
    const row = await getOutboundByEffectKey(services.store, request.effectKey);
    await services.store.db.deleteFrom("events").execute();
    await services.store.db.updateTable("effects").set({ status: "pending", result: null }).execute();
    const sentAudits = async () => (await listAudit(services.store, "Appointment/a1")).filter((a) => a.action === "message.sent");
    expect(await sentAudits()).toHaveLength(1);
    expect(await sendOutreach(services, request)).toEqual({ outcome: "sent", messageId: row?.id });
    expect(services.sms.sent).toHaveLength(1);
    expect((await sentAudits()).map((a) => JSON.parse(String(a.reasons)) as string[])).toEqual([[], ["reconciled-after-restart"]]);
    expect((await listEvents(services.store, { type: "message.sent" })).map((e) => e.refs.messageId)).toEqual([row?.id]);
    expect(await services.store.db.selectFrom("effects").select("status").execute()).toEqual([{ status: "done" }]);
    // A further replay changes nothing.
    await sendOutreach(services, request);
    expect(await sentAudits()).toHaveLength(2);
    expect(services.sms.sent).toHaveLength(1);
  });

  it("keeps recordOutbound idempotent on the effect key", async () => {
    const first = await recordOutbound(services.store, services.crypto, { effectKey: "k1", patientRef: "Patient/p1", phone: PHONE, body: "x", purpose: "test" });
    const second = await recordOutbound(services.store, services.crypto, { effectKey: "k1", patientRef: "Patient/p1", phone: PHONE, body: "x", purpose: "test" });
    expect(second.created).toBe(false);
    expect(second.message.id).toBe(first.message.id);
  });
});

describe("sendOutreach caps", () => {
  it("counts a message found by patient and by phone once", async () => {
    const local = await openTestServices({ now: new Date("2026-11-23T16:00:00Z"), config: { caps: { perDay: 1, perWeek: 2 } } });
    try {
      await upsertContact(local.store, local.crypto, { patientRef: "Patient/p1", phone: PHONE, timeZone: "America/Chicago", state: "IL" });
      await recordConsent(local.store, local.crypto, { patientRef: "Patient/p1", phone: PHONE, scopes: ["appointment"], phiLevel: "none", source: "paper", evidence: "Intake form v3", capturedAt: new Date("2026-01-05T00:00:00Z") });
      expect((await sendOutreach(local, { ...request, effectKey: "day-1" })).outcome).toBe("sent");
      local.setNow(new Date("2026-11-24T17:00:00Z"));
      // One message this week so far: the weekly cap of 2 still allows a second.
      expect((await sendOutreach(local, { ...request, effectKey: "day-2" })).outcome).toBe("sent");
      local.setNow(new Date("2026-11-25T18:00:00Z"));
      expect((await sendOutreach(local, { ...request, effectKey: "day-3" })).outcome).toBe("deferred");
    } finally {
      await local.dispose();
    }
  });
});
