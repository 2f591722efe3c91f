import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sendStaffAnswer, type StaffAnswerRequest } from "../../src/messaging/send-staff-answer.js";
import { listAudit } from "../../src/store/audit-log.js";
import { recordConsent, revokeAllForPatient } from "../../src/store/consent-ledger.js";
import { upsertContact } from "../../src/store/contacts.js";
import { getOutboundByEffectKey, recordOutbound } from "../../src/store/outbound-messages.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";

const PHONE = "+13125550123";
const NOON_CHICAGO = new Date("2026-11-24T18:00:00Z");

function answer(content: StaffAnswerRequest["content"], effectKey = "staff-reply:srp_1"): StaffAnswerRequest {
  return { patientRef: "Patient/p1", scope: "appointment", content, effectKey, actor: "staff:stf_1", subjectRef: "in_1" };
}

let services: TestServices;
beforeEach(async () => {
  services = await openTestServices({ now: NOON_CHICAGO });
  await upsertContact(services.store, services.crypto, { patientRef: "Patient/p1", phone: PHONE, timeZone: "America/Chicago", state: "IL" });
  await recordConsent(services.store, services.crypto, { patientRef: "Patient/p1", phone: PHONE, scopes: ["appointment"], phiLevel: "minimal", source: "paper", evidence: "Intake form v3", capturedAt: new Date("2026-01-05T00:00:00Z") });
});
afterEach(() => services.dispose());

describe("sendStaffAnswer", () => {
  it("sends staff's own words with the practice's name first, as a reply, audited with the staff member as actor", async () => {
    const result = await sendStaffAnswer(services, answer({ text: "Yes, bring her along. Call {{practice.phone}} with questions." }));
    expect(result.outcome).toBe("sent");
    expect(services.sms.sent.map((m) => m.body)).toEqual(["Sunrise Family Clinic: Yes, bring her along. Call +13125550100 with questions."]);
    const row = await getOutboundByEffectKey(services.store, "staff-reply:srp_1");
    expect(row).toMatchObject({ purpose: "staff-reply", isReply: true, templateId: "staff-reply.text" });
    const [entry] = await listAudit(services.store, "in_1");
    expect(entry).toMatchObject({ actor: "staff:stf_1", action: "message.sent" });
    expect(entry?.details).toContain('"templateId":"staff-reply"');
  });

  it("is not held back by the frequency caps: the patient wrote first", async () => {
    await recordOutbound(services.store, services.crypto, { effectKey: "reminder:x", patientRef: "Patient/p1", phone: PHONE, body: "reminder", purpose: "appointment-reminder" }, new Date(NOON_CHICAGO.getTime() - 3_600_000));
    expect((await sendStaffAnswer(services, answer({ templateId: "staff-call-us" }))).outcome).toBe("sent");
    expect(services.sms.sent[0]?.body).toMatch(/^Sunrise Family Clinic: Thanks for your message\. Please call us/);
  });

  it("waits for the patient's morning in quiet hours", async () => {
    services.setNow(new Date("2026-11-25T04:30:00Z")); // 22:30 in Chicago
    const result = await sendStaffAnswer(services, answer({ text: "See you tomorrow" }));
    expect(result).toEqual({ outcome: "deferred", until: new Date("2026-11-25T14:00:00Z"), reasons: ["quiet-hours"] });
    expect(services.sms.sent).toEqual([]);
  });

  it("never texts a patient who opted out", async () => {
    await revokeAllForPatient(services.store, "Patient/p1", { reason: "sms-opt-out", at: new Date(NOON_CHICAGO.getTime() - 60_000) });
    const result = await sendStaffAnswer(services, answer({ text: "Just checking in" }));
    expect(result).toEqual({ outcome: "denied", reasons: ["revoked"] });
    expect(services.sms.sent).toEqual([]);
  });

  it("refuses words that break a carrier rule, and a field no patient detail may fill, even if they reached the send", async () => {
    const drug = await sendStaffAnswer(services, answer({ text: "Your Adderall is ready" }, "staff-reply:a"));
    expect(drug.outcome).toBe("denied");
    expect(drug.outcome === "denied" && drug.reasons).toEqual(["lint:prescription-drug"]);
    const field = await sendStaffAnswer(services, answer({ text: "Hi {{patient.firstName}}" }, "staff-reply:b"));
    expect(field.outcome).toBe("denied");
    expect(services.sms.sent).toEqual([]);
  });
});
