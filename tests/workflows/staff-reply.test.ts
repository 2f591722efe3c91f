import { afterEach, describe, expect, it } from "vitest";
import { recordInbound } from "../../src/store/inbound-messages.js";
import { recordConsent } from "../../src/store/consent-ledger.js";
import { createStaffReply, getStaffReply } from "../../src/store/staff-replies.js";
import { at, BASE, createPatient, hours, openScenario, type Scenario } from "./helpers/scenario.js";
import { syncPatientContact } from "../../workflows/sync-patient.js";

let s: Scenario | undefined;
afterEach(async () => {
  await s?.dispose();
  s = undefined;
});

describe("staff-reply workflow", () => {
  it("a reply written at night waits, decided again, until the patient's morning, then goes once and says so", async () => {
    s = await openScenario();
    const { ref, phone } = await createPatient(s.fhir);
    await syncPatientContact(s.services, ref, { phone, state: "IL" });
    await recordConsent(s.services.store, s.services.crypto, { patientRef: ref, phone, scopes: ["appointment"], phiLevel: "none", source: "paper", evidence: "Form 3", capturedAt: at(BASE, -hours(48)) });
    const night = at(BASE, hours(13)); // 22:00 in Chicago
    s.setNow(night);
    const inbound = await recordInbound(s.services.store, s.services.crypto, { providerSid: "SMnight", phone, sender: s.services.sms.sender, body: "are you open tomorrow?", receivedAt: night });
    const replyId = await createStaffReply(s.services.store, s.services.crypto, { inboundId: inbound.id, phoneIdx: s.services.crypto.index.phone(phone), patientRef: ref, staffId: "stf_1", templateId: null, text: "Yes, from 8am." }, night);
    await s.engine.start(s.workflows.staffReply, { replyId }, { key: `staff-reply:${replyId}` });
    await s.drain();
    expect(await getStaffReply(s.services.store, replyId)).toMatchObject({ status: "deferred", reasons: ["quiet-hours"], until: at(BASE, hours(23)) });
    expect(s.sms.sent).toEqual([]);

    s.setNow(at(BASE, hours(23)));
    await s.drain();
    expect(s.sms.sent.map((m) => m.body)).toEqual(["Sunrise Family Clinic: Yes, from 8am."]);
    const settled = await getStaffReply(s.services.store, replyId);
    expect(settled).toMatchObject({ status: "sent", reasons: [] });
    expect(settled?.messageId).toMatch(/^out_/);
    await s.drain();
    expect(s.sms.sent).toHaveLength(1);
    const runs = await s.services.store.db.selectFrom("workflow_runs").select("input").where("workflow_id", "=", "staff-reply").execute();
    expect(runs.map((r) => r.input)).toEqual([JSON.stringify({ replyId })]);
  });
  it("answers from the number the patient wrote to: a location's own sender", async () => {
    s = await openScenario({ locations: [{ id: "mesa", name: "Mesa Clinic", phone: "+14805550100", timeZone: "America/Phoenix", sender: "+14805550100" }] });
    const { ref, phone } = await createPatient(s.fhir);
    await syncPatientContact(s.services, ref, { phone, state: "IL" });
    await recordConsent(s.services.store, s.services.crypto, { patientRef: ref, phone, scopes: ["appointment"], phiLevel: "none", source: "paper", evidence: "Form 3", capturedAt: at(BASE, -hours(48)) });
    const noon = at(BASE, hours(3));
    s.setNow(noon);
    const toMesa = await recordInbound(s.services.store, s.services.crypto, { providerSid: "SMmesa", phone, sender: "+14805550100", body: "is there parking?", receivedAt: noon });
    const toPractice = await recordInbound(s.services.store, s.services.crypto, { providerSid: "SMmain", phone, sender: s.services.sms.sender, body: "and at the main office?", receivedAt: noon });
    for (const [inbound, text] of [[toMesa, "Yes, behind the building."], [toPractice, "Yes, on the street."]] as const) {
      const replyId = await createStaffReply(s.services.store, s.services.crypto, { inboundId: inbound.id, phoneIdx: s.services.crypto.index.phone(phone), patientRef: ref, staffId: "stf_1", templateId: null, text }, noon);
      await s.engine.start(s.workflows.staffReply, { replyId }, { key: `staff-reply:${replyId}` });
      await s.drain();
    }
    expect(s.sms.sent.map((m) => [m.from, m.body])).toEqual([
      ["+14805550100", "Sunrise Family Clinic: Yes, behind the building."],
      [s.services.sms.sender, "Sunrise Family Clinic: Yes, on the street."],
    ]);
  });
});
