import type { Appointment, Invoice } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import { listEvents } from "../../../src/store/events.js";
import { markWrongNumber } from "../../../src/store/patient-phones.js";
import { freeSlotForTwoWaitlisted } from "../helpers/freed-slot.js";
import { at, BASE, createAppointment, createInvoice, createPatient, createWaitlistEntry, hours, openScenario, updateAppointment, type Scenario } from "../helpers/scenario.js";

let scenario: Scenario | undefined;

/** The counts `waitlist.fill_ended` audited for the one fill of the scenario. */
async function fillEnded(s: Scenario): Promise<unknown> {
  const row = await s.services.store.db.selectFrom("audit_log").select("details").where("action", "=", "waitlist.fill_ended").executeTakeFirstOrThrow();
  return JSON.parse(row.details) as unknown;
}
afterEach(async () => {
  await scenario?.dispose();
  scenario = undefined;
});

describe("waitlist fill", () => {
  it("two simultaneous YES replies to a freed slot yield one booking, one confirmation and one 'already filled'", async () => {
    scenario = await openScenario({ reminders: { touches: ["24h"], replyTouch: "24h" }, waitlist: { batchSize: 3, holdMinutes: 15 } });
    const s = scenario;
    const { start, cancelled, first, second, entries } = await freeSlotForTwoWaitlisted(s);
    await s.sync();

    const cancellations = await listEvents(s.services.store, { type: "appointment.cancelled" });
    expect(cancellations.map((e) => e.refs)).toEqual([{ appointmentRef: `Appointment/${cancelled.split("/")[1]}` }]);
    expect(s.sms.sent.map((m) => m.to).sort()).toEqual([first.phone, second.phone].sort());
    const prompts = await s.services.store.db.selectFrom("prompts").select(["signal_key", "patient_ref"]).where("kind", "=", "waitlist-offer").where("closed_at", "is", null).execute();
    expect(prompts).toHaveLength(2);
    await Promise.all(prompts.map((p) => s.services.engine.signal(p.signal_key, { intent: "accept", inboundId: `in-${p.patient_ref}`, patientRef: p.patient_ref })));
    await s.drain();

    const booked: Appointment[] = [];
    for (const ref of entries) booked.push(await s.fhir.read<Appointment>("Appointment", ref.split("/")[1] ?? ""));
    const winners = booked.filter((a) => a.status === "booked");
    expect(winners).toHaveLength(1);
    expect(Date.parse(winners[0]?.start ?? "")).toBe(start.getTime());
    const replies = s.sms.sent.slice(2).map((m) => m.body);
    expect(replies.filter((b) => b.includes("You're booked"))).toHaveLength(1);
    expect(replies.filter((b) => b.includes("just filled"))).toHaveLength(1);
    expect(await listEvents(s.services.store, { type: "waitlist.slot_filled" })).toHaveLength(1);
    expect(await listEvents(s.services.store, { type: "waitlist.offer_sent" })).toHaveLength(2);
    const [fill] = await s.engine.listRuns({ workflowId: "waitlist-fill" });
    expect(fill?.output).toMatchObject({ outcome: "filled", offered: 2 });
    expect(await fillEnded(s)).toMatchObject({ attempted: 2, sent: 2, deferred: 0, deferredReasons: [], skipped: 0 });
  });

  it("an offer asked for outside quiet hours goes out the same day as the patient's reminder (no daily cap)", async () => {
    scenario = await openScenario({ reminders: { touches: ["24h"], replyTouch: "24h" }, waitlist: { batchSize: 1, holdMinutes: 15 } });
    const s = scenario;
    const owner = await createPatient(s.fhir);
    const cancelled = await createAppointment(s.fhir, owner.ref, at(BASE, hours(50)));
    const waiting = await createPatient(s.fhir);
    await createAppointment(s.fhir, waiting.ref, at(BASE, hours(3))); // reminded now: today's one text
    await createWaitlistEntry(s.fhir, waiting.ref, "2026-11-01T00:00:00Z");
    await s.sync();
    expect(s.sms.sent.map((m) => m.to)).toEqual([waiting.phone]);
    await updateAppointment(s.fhir, cancelled, (a) => ({ ...a, status: "cancelled" }));
    await s.sync();
    expect(s.sms.sent.map((m) => m.to)).toEqual([waiting.phone, waiting.phone]);
    expect(await listEvents(s.services.store, { type: "waitlist.offer_sent" })).toHaveLength(1);
  });

  it("sends no batch once staff filled the slot by hand", async () => {
    scenario = await openScenario({ reminders: { touches: ["24h"], replyTouch: "24h" }, waitlist: { batchSize: 1, holdMinutes: 15 } });
    const s = scenario;
    const owner = await createPatient(s.fhir);
    const start = at(BASE, hours(50));
    const cancelled = await createAppointment(s.fhir, owner.ref, start);
    const waiting = await createPatient(s.fhir);
    await createWaitlistEntry(s.fhir, waiting.ref, "2026-11-01T00:00:00Z");
    await createWaitlistEntry(s.fhir, (await createPatient(s.fhir)).ref, "2026-11-02T00:00:00Z");
    await s.sync();
    await updateAppointment(s.fhir, cancelled, (a) => ({ ...a, status: "cancelled" }));
    await s.sync();
    expect(s.sms.sent).toHaveLength(1);
    await createAppointment(s.fhir, owner.ref, start); // staff rebooked the slot
    s.setNow(at(BASE, hours(1)));
    await s.drain();
    expect(s.sms.sent).toHaveLength(1);
    const [fill] = await s.engine.listRuns({ workflowId: "waitlist-fill" });
    expect(fill?.output).toMatchObject({ outcome: "rebooked", offered: 1 });
    expect(await listEvents(s.services.store, { type: "waitlist.expired" })).toHaveLength(1);
  });
  it("passes over a patient whose number was reported wrong, so the batch goes to someone it can reach", async () => {
    scenario = await openScenario({ reminders: { touches: ["24h"], replyTouch: "24h" }, waitlist: { batchSize: 1, holdMinutes: 15 } });
    const s = scenario;
    const owner = await createPatient(s.fhir);
    const cancelled = await createAppointment(s.fhir, owner.ref, at(BASE, hours(50)));
    const unreachable = await createPatient(s.fhir);
    const reachable = await createPatient(s.fhir);
    await createWaitlistEntry(s.fhir, unreachable.ref, "2026-11-01T00:00:00Z");
    await createWaitlistEntry(s.fhir, reachable.ref, "2026-11-02T00:00:00Z");
    await s.sync();
    const phoneIdx = s.services.crypto.index.phone(unreachable.phone);
    await markWrongNumber(s.services.store, { patientRef: unreachable.ref, phoneIdx, evidence: "in-wrong", at: s.services.clock.now() });
    await updateAppointment(s.fhir, cancelled, (a) => ({ ...a, status: "cancelled" }));
    await s.sync();

    expect(s.sms.sent.map((m) => m.to)).toEqual([reachable.phone]);
    const offers = await listEvents(s.services.store, { type: "waitlist.offer_sent" });
    expect(offers.map((e) => e.refs.patientRef)).toEqual([reachable.ref]);
    s.setNow(at(BASE, hours(1)));
    await s.drain();
    expect(await fillEnded(s)).toMatchObject({ attempted: 1, sent: 1, deferred: 0, skipped: 1 });
  });
});

describe("payment reminder", () => {
  it("reminds on day 0 without an amount, then stops once the invoice is paid", async () => {
    scenario = await openScenario({ payments: { cadenceDays: [0, 7, 30] } });
    const s = scenario;
    const patient = await createPatient(s.fhir);
    const invoice = await createInvoice(s.fhir, patient.ref);
    await s.sync();
    expect(s.sms.sent).toHaveLength(1);
    expect(s.sms.sent[0]?.body).toContain("You have a new statement");
    expect(s.sms.sent[0]?.body).not.toMatch(/\$|\d+\.\d\d/);
    expect(await listEvents(s.services.store, { type: "payment.reminder_sent" })).toHaveLength(1);

    const current = await s.fhir.read<Invoice>("Invoice", invoice.split("/")[1] ?? "");
    await s.fhir.update({ ...current, status: "balanced" });
    s.setNow(at(BASE, hours(24 * 7)));
    await s.drain();
    s.setNow(at(BASE, hours(24 * 31)));
    await s.drain();
    expect(s.sms.sent).toHaveLength(1);
    const [run] = await s.engine.listRuns({ workflowId: "payment-reminder" });
    expect(run?.output).toEqual({ outcome: "paid", sent: 1 });
  });

  it("keeps to the cadence while the balance stays unpaid", async () => {
    scenario = await openScenario({ payments: { cadenceDays: [0, 7] } });
    const s = scenario;
    const patient = await createPatient(s.fhir);
    await createInvoice(s.fhir, patient.ref);
    await s.sync();
    s.setNow(at(BASE, hours(24 * 6)));
    await s.drain();
    expect(s.sms.sent).toHaveLength(1);
    s.setNow(at(BASE, hours(24 * 7)));
    await s.drain();
    expect(s.sms.sent).toHaveLength(2);
  });
});
