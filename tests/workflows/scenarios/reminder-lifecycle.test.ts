import type { Appointment } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import { appendAudit } from "../../../src/store/audit-log.js";
import { revokeAllByPhoneIdx } from "../../../src/store/consent-ledger.js";
import { getContact } from "../../../src/store/contacts.js";
import { closePromptsForPhone, listOpenPrompts } from "../../../src/store/prompts.js";
import { at, BASE, createAppointment, createPatient, hours, openScenario, updateAppointment, type Scenario } from "../helpers/scenario.js";

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.dispose();
  scenario = undefined;
});

const ONE_TOUCH = { reminders: { touches: ["24h"], replyTouch: "24h" } };

describe("reminder plans re-check at wake", () => {
  it("re-plans a moved appointment: the old plan stands down and sends nothing", async () => {
    scenario = await openScenario(ONE_TOUCH);
    const s = scenario;
    const patient = await createPatient(s.fhir);
    const ref = await createAppointment(s.fhir, patient.ref, at(BASE, hours(26)));
    await s.sync();
    const newStart = at(BASE, hours(50));
    await updateAppointment(s.fhir, ref, (a) => ({ ...a, start: newStart.toISOString(), end: at(newStart, hours(0.5)).toISOString() }));
    await s.sync();
    expect(await s.engine.listRuns({ workflowId: "appointment-reminder" })).toHaveLength(2);

    s.setNow(at(BASE, hours(2))); // the old plan's 24h moment
    await s.drain();
    expect(s.sms.sent).toHaveLength(0);
    s.setNow(at(BASE, hours(26))); // the new plan's 24h moment
    await s.drain();
    expect(s.sms.sent).toHaveLength(1);
    const outputs = (await s.engine.listRuns({ workflowId: "appointment-reminder" })).map((r) => r.output);
    expect(outputs).toContainEqual({ outcome: "stood-down", reason: "moved", sent: 0 });
  });

  it("a move after the question was asked closes the old question and wakes its plan", async () => {
    scenario = await openScenario(ONE_TOUCH);
    const s = scenario;
    const patient = await createPatient(s.fhir);
    const ref = await createAppointment(s.fhir, patient.ref, at(BASE, hours(20)));
    await s.sync();
    expect(s.sms.sent).toHaveLength(1);
    await updateAppointment(s.fhir, ref, (a) => ({ ...a, start: at(BASE, hours(80)).toISOString(), end: at(BASE, hours(80.5)).toISOString() }));
    await s.sync();
    const contact = await getContact(s.services.store, s.services.crypto, patient.ref);
    expect(await listOpenPrompts(s.services.store, contact?.phoneIdx ?? "", s.sms.sender, s.services.clock.now())).toHaveLength(0);
    const outputs = (await s.engine.listRuns({ workflowId: "appointment-reminder" })).map((r) => r.output);
    expect(outputs).toContainEqual({ outcome: "stood-down", reason: "superseded", sent: 1 });
  });

  it("defers a touch due in quiet hours to 08:00 in the patient's own zone, not the practice's", async () => {
    scenario = await openScenario(ONE_TOUCH);
    const s = scenario;
    // California patient; 24h before 05:00 PST is 05:00 PST (07:00 in Chicago, the practice zone).
    const patient = await createPatient(s.fhir, { areaCode: "510", state: "CA" });
    const start = new Date("2026-12-03T13:00:00Z");
    await createAppointment(s.fhir, patient.ref, start);
    await s.sync();
    s.setNow(new Date("2026-12-02T13:00:00Z"));
    await s.drain();
    s.setNow(new Date("2026-12-02T14:30:00Z")); // 08:30 in Chicago, 06:30 in California
    await s.drain();
    expect(s.sms.sent).toHaveLength(0);
    s.setNow(new Date("2026-12-02T16:00:00Z")); // 08:00 in California
    await s.drain();
    expect(s.sms.sent).toHaveLength(1);
  });

  it("STOP mid-flow stops every later message to that phone", async () => {
    scenario = await openScenario({ reminders: { touches: ["72h", "24h"], replyTouch: "24h" } });
    const s = scenario;
    const patient = await createPatient(s.fhir);
    const start = at(BASE, hours(73));
    await createAppointment(s.fhir, patient.ref, start);
    await s.sync();
    s.setNow(at(BASE, hours(1)));
    await s.drain();
    expect(s.sms.sent).toHaveLength(1);
    // What the inbound handler does with STOP.
    const contact = await getContact(s.services.store, s.services.crypto, patient.ref);
    const stopAt = at(BASE, hours(2));
    s.setNow(stopAt);
    await revokeAllByPhoneIdx(s.services.store, contact?.phoneIdx ?? "", { reason: "sms-stop", at: stopAt });
    await closePromptsForPhone(s.services.store, contact?.phoneIdx ?? "", stopAt);
    await appendAudit(s.services.store, { actor: "test", action: "consent.revoked", subjectRef: patient.ref, at: stopAt });
    s.setNow(at(start, -hours(24)));
    await s.drain();
    s.setNow(at(start, hours(1)));
    await s.drain();
    expect(s.sms.sent).toHaveLength(1);
    const skipped = await s.services.store.db.selectFrom("audit_log").select(["action", "reasons"]).where("action", "=", "message.skipped").execute();
    expect(skipped.map((r) => r.reasons).join(",")).toContain("revoked");
  });

  it("a restart mid-wait loses nothing: the new engine sends the touch once and applies the reply", async () => {
    scenario = await openScenario(ONE_TOUCH);
    const s = scenario;
    const patient = await createPatient(s.fhir);
    const ref = await createAppointment(s.fhir, patient.ref, at(BASE, hours(25)));
    await s.sync();
    await s.restart();
    s.setNow(at(BASE, hours(1)));
    await s.drain();
    expect(s.sms.sent).toHaveLength(1);
    await s.restart();
    const contact = await getContact(s.services.store, s.services.crypto, patient.ref);
    const [prompt] = await listOpenPrompts(s.services.store, contact?.phoneIdx ?? "", s.sms.sender, s.services.clock.now());
    await s.services.engine.signal(prompt?.signalKey ?? "", { intent: "confirm", inboundId: "in-r", patientRef: patient.ref });
    await s.restart();
    await s.drain();
    const appointment = await s.fhir.read<Appointment>("Appointment", ref.split("/")[1] ?? "");
    expect(appointment.participant?.find((p) => p.actor?.reference === patient.ref)?.status).toBe("accepted");
    expect(s.sms.sent).toHaveLength(1);
  });
});
