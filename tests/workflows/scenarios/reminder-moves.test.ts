import { afterEach, describe, expect, it } from "vitest";
import { getSeen, recordSeen } from "../../../src/store/sync-seen.js";
import { at, BASE, createAppointment, createPatient, hours, openScenario, updateAppointment, type Scenario } from "../helpers/scenario.js";

/**
 * A booking moved away and back, through real syncs against the sandbox EHR: each time the
 * booking lands on a time, that time gets its reminder, once, whatever plans it had before; a
 * plan made for an earlier stay at the same time never texts alongside it.
 */
let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.dispose();
  scenario = undefined;
});

const ONE_TOUCH = { reminders: { touches: ["24h"], replyTouch: "24h" } };
const A = at(BASE, hours(48));
const B = at(BASE, hours(120));

async function booking(s: Scenario): Promise<{ ref: string; moveTo(start: Date, when: Date): Promise<void> }> {
  const patient = await createPatient(s.fhir);
  const ref = await createAppointment(s.fhir, patient.ref, A);
  await s.sync();
  return {
    ref,
    async moveTo(start, when) {
      s.setNow(when);
      await updateAppointment(s.fhir, ref, (a) => ({ ...a, start: start.toISOString(), end: at(start, hours(0.5)).toISOString() }));
      await s.sync();
    },
  };
}

async function reminderOutputs(s: Scenario): Promise<unknown[]> {
  return (await s.engine.listRuns({ workflowId: "appointment-reminder" })).map((r) => r.output);
}

/** Moves the clock to each instant in turn, running what falls due. */
async function passThrough(s: Scenario, ...instants: Date[]): Promise<void> {
  for (const instant of instants) {
    s.setNow(instant);
    await s.drain();
  }
}

describe("a booking moved back to a time it had before", () => {
  it("gets its reminder when the first plan for that time already stood down; the plans for B send nothing", async () => {
    scenario = await openScenario(ONE_TOUCH);
    const s = scenario;
    const b = await booking(s);
    await b.moveTo(B, at(BASE, hours(1)));
    await passThrough(s, at(A, -hours(24))); // A's first plan wakes, finds the booking at B, and stands down
    expect(s.sms.sent).toHaveLength(0);

    await b.moveTo(A, at(A, -hours(23))); // back to A: its 24h moment has passed, so the text goes now
    expect(s.sms.sent).toHaveLength(1);
    await passThrough(s, at(A, -hours(1)), at(B, -hours(24)), at(B, hours(1)));
    expect(s.sms.sent).toHaveLength(1);
    const outputs = await reminderOutputs(s);
    expect(outputs).toHaveLength(3);
    expect(outputs.filter((o) => JSON.stringify(o).includes('"sent":1'))).toHaveLength(1);
    expect(outputs.filter((o) => JSON.stringify(o) === JSON.stringify({ outcome: "stood-down", reason: "moved", sent: 0 }))).toHaveLength(2);
  });

  it("moved A to B and back before any plan woke: one text at A's moment, not one per plan made for A", async () => {
    scenario = await openScenario(ONE_TOUCH);
    const s = scenario;
    const b = await booking(s);
    await b.moveTo(B, at(BASE, hours(1)));
    await b.moveTo(A, at(BASE, hours(2)));
    await passThrough(s, at(A, -hours(24)), at(A, -hours(1)), at(B, -hours(24)));
    expect(s.sms.sent).toHaveLength(1);
    await passThrough(s, at(B, hours(1)));
    expect(s.sms.sent).toHaveLength(1);
  });

  it("A to B, back to A and to B again: B's reminder goes once, from the plan for the latest move", async () => {
    scenario = await openScenario(ONE_TOUCH);
    const s = scenario;
    const b = await booking(s);
    await b.moveTo(B, at(BASE, hours(1)));
    await b.moveTo(A, at(BASE, hours(2)));
    await b.moveTo(B, at(BASE, hours(3)));
    await passThrough(s, at(A, -hours(24)), at(A, hours(1)));
    expect(s.sms.sent).toHaveLength(0); // nothing about A, which is no longer booked
    await passThrough(s, at(B, -hours(24)), at(B, hours(1)));
    expect(s.sms.sent).toHaveLength(1);
  });

  it("cancelled and then booked again at the same time: the booking is reminded, once", async () => {
    scenario = await openScenario(ONE_TOUCH);
    const s = scenario;
    const b = await booking(s);
    s.setNow(at(BASE, hours(1)));
    await updateAppointment(s.fhir, b.ref, (a) => ({ ...a, status: "cancelled" }));
    await s.sync();
    await passThrough(s, at(A, -hours(24))); // the first plan finds it cancelled and stands down
    expect(s.sms.sent).toHaveLength(0);

    s.setNow(at(A, -hours(23)));
    await updateAppointment(s.fhir, b.ref, (a) => ({ ...a, status: "booked" }));
    await s.sync();
    await passThrough(s, at(A, -hours(1)), at(A, hours(1)));
    expect(s.sms.sent).toHaveLength(1);
    expect((await reminderOutputs(s)).map((o) => JSON.stringify(o)).sort()).toEqual([JSON.stringify({ outcome: "done", sent: 1 }), JSON.stringify({ outcome: "stood-down", reason: "not-booked", sent: 0 })]);
  });

  it("a change that keeps the time (a longer visit) keeps the plan it has: no second plan, one text", async () => {
    scenario = await openScenario(ONE_TOUCH);
    const s = scenario;
    const b = await booking(s);
    s.setNow(at(BASE, hours(1)));
    await updateAppointment(s.fhir, b.ref, (a) => ({ ...a, end: at(A, hours(1)).toISOString() }));
    await s.sync();
    expect(await reminderOutputs(s)).toHaveLength(1);
    await passThrough(s, at(A, -hours(24)), at(A, hours(1)));
    expect(s.sms.sent).toHaveLength(1);
  });

  it("a re-sync of the same state starts no plan and sends nothing more", async () => {
    scenario = await openScenario(ONE_TOUCH);
    const s = scenario;
    const b = await booking(s);
    await b.moveTo(B, at(BASE, hours(1)));
    await passThrough(s, at(A, -hours(24)));
    await b.moveTo(A, at(A, -hours(23)));
    const runs = (await reminderOutputs(s)).length;
    s.setNow(at(A, -hours(22)));
    await s.sync();
    await s.sync();
    expect(await reminderOutputs(s)).toHaveLength(runs);
    await passThrough(s, at(A, hours(1)));
    expect(s.sms.sent).toHaveLength(1);
  });

  it("a sync that died after starting the plan for the move back, before recording it, starts nothing more when it runs again", async () => {
    scenario = await openScenario(ONE_TOUCH);
    const s = scenario;
    const b = await booking(s);
    await b.moveTo(B, at(BASE, hours(1)));
    await passThrough(s, at(A, -hours(24)));
    const seenAtB = await getSeen(s.services.store, "appointment:fhir", b.ref);
    await b.moveTo(A, at(A, -hours(23)));
    const runs = (await reminderOutputs(s)).length;
    expect(s.sms.sent).toHaveLength(1);

    // As if the process died before sync recorded the move back: the next sync sees the same move again.
    await recordSeen(s.services.store, "appointment:fhir", b.ref, { fingerprint: seenAtB?.fingerprint ?? "", status: "booked" }, seenAtB?.lastSeenAt);
    s.setNow(at(A, -hours(22)));
    await s.sync();
    expect(await reminderOutputs(s)).toHaveLength(runs);
    await passThrough(s, at(A, hours(1)));
    expect(s.sms.sent).toHaveLength(1);
  });
});
