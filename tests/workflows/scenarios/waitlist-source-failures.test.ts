import type { Appointment } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import { listEvents } from "../../../src/store/events.js";
import { advance, idOf, injectFaults, minutes, times, unreachable, type FaultedCall } from "../helpers/flaky-fhir.js";
import { claimSlot } from "../../../src/store/slot-claims.js";
import { slotKey } from "../../../workflows/workflow-keys.js";
import { at, BASE, createAppointment, createPatient, createWaitlistEntry, hours, openScenario, updateAppointment, type Scenario } from "../helpers/scenario.js";

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.dispose();
  scenario = undefined;
});

// Offers are held two hours, longer than six failed reads in a row take (61 minutes).
const CONFIG = { reminders: { touches: ["24h"], replyTouch: "24h" }, waitlist: { batchSize: 1, holdMinutes: 120 } };

interface Freed {
  s: Scenario;
  cancelled: string;
  entry: string;
  waiting: { ref: string; phone: string };
}

/** A booked appointment, one patient on the EHR's waitlist who could take its slot, and a first sync. */
async function practice(waitlist: Record<string, unknown> = {}): Promise<Freed> {
  scenario = await openScenario({ ...CONFIG, waitlist: { ...CONFIG.waitlist, ...waitlist } });
  const s = scenario;
  const owner = await createPatient(s.fhir);
  const cancelled = await createAppointment(s.fhir, owner.ref, at(BASE, hours(50)));
  const waiting = await createPatient(s.fhir);
  const entry = await createWaitlistEntry(s.fhir, waiting.ref, "2026-11-01T00:00:00Z");
  await s.sync();
  return { s, cancelled, entry, waiting };
}

/** Cancels the appointment at the EHR and lets sync notice, which starts the fill. */
async function cancel(f: Freed): Promise<void> {
  await updateAppointment(f.s.fhir, f.cancelled, (a) => ({ ...a, status: "cancelled" }));
  await f.s.sync();
}

async function accept(f: Freed): Promise<void> {
  const [prompt] = await f.s.services.store.db.selectFrom("prompts").select(["signal_key"]).where("kind", "=", "waitlist-offer").where("closed_at", "is", null).execute();
  expect(prompt).toBeDefined();
  await f.s.services.engine.signal(prompt?.signal_key ?? "", { intent: "accept", inboundId: "in-1", patientRef: f.waiting.ref });
  await f.s.drain();
}

async function expectBookedOnce(f: Freed): Promise<void> {
  const booked = await f.s.fhir.read<Appointment>("Appointment", idOf(f.entry));
  expect(booked.status).toBe("booked");
  expect(Date.parse(booked.start ?? "")).toBe(at(BASE, hours(50)).getTime());
  expect(await listEvents(f.s.services.store, { type: "waitlist.slot_filled" })).toHaveLength(1);
  const bodies = f.s.sms.sent.map((m) => m.body);
  expect(bodies.filter((b) => b.includes("You're booked"))).toHaveLength(1);
  expect(bodies.filter((b) => b.includes("just filled"))).toEqual([]);
  expect(await f.s.engine.listRuns({ status: "failed" })).toEqual([]);
}

const readOf = (ref: string) => (c: FaultedCall) => c.method === "read" && c.resourceType === "Appointment" && c.id === idOf(ref);
const updateOf = (ref: string) => (c: FaultedCall) => c.method === "update" && c.id === idOf(ref);

describe("a waitlist fill whose EHR fails on its side", () => {
  it("waits and reads the freed slot again, in the fill and then in the offer, and still offers and books once", async () => {
    const f = await practice();
    const { s } = f;
    // Six failed reads for the fill, then its three reads (candidates, slot state, batch plan), then six for the offer.
    const faults = injectFaults(s, [...times(6, { status: 500 }), null, null, null, ...times(6, { status: "timeout" })], readOf(f.cancelled));
    await cancel(f);
    expect(s.sms.sent).toHaveLength(0);
    const from = s.services.clock.now();
    await advance(s, from, hours(6), minutes(5), () => s.sms.sent.length > 0);

    expect(faults.left()).toBe(0);
    expect(s.sms.sent.map((m) => m.to)).toEqual([f.waiting.phone]);
    expect(unreachable(s, "waitlist-fill").map((l) => l.failuresInRow)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(unreachable(s, "waitlist-offer").map((l) => l.failuresInRow)).toEqual([1, 2, 3, 4, 5, 6]);
    await accept(f);
    await expectBookedOnce(f);
    const [fill] = await s.engine.listRuns({ workflowId: "waitlist-fill" });
    expect(fill?.output).toMatchObject({ outcome: "filled", offered: 1 });
  });

  it("does not send an offer that waited for the EHR past the cutoff", async () => {
    // The cutoff falls two hours after the cancellation; eight failed reads take just over that.
    const f = await practice({ cutoffHours: 48 });
    const { s } = f;
    const faults = injectFaults(s, [null, null, null, ...times(8, { status: 503 })], readOf(f.cancelled));
    await cancel(f);
    await advance(s, s.services.clock.now(), hours(4), minutes(5));

    expect(faults.left()).toBe(0);
    expect(unreachable(s, "waitlist-offer")).toHaveLength(8);
    expect(s.sms.sent).toEqual([]);
    const [offer] = await s.engine.listRuns({ workflowId: "waitlist-offer" });
    expect(offer?.output).toEqual({ outcome: "not-offered", reason: "cutoff" });
    expect(await s.engine.listRuns({ status: "failed" })).toEqual([]);
  });

  it("does not send an offer that waited for the EHR once the slot was won meanwhile", async () => {
    const f = await practice();
    const { s } = f;
    const faults = injectFaults(s, [null, null, null, ...times(3, { status: 503 })], readOf(f.cancelled));
    await cancel(f);
    expect(s.sms.sent).toEqual([]);
    // Someone takes the slot (staff, another channel) while the offer waits for the EHR.
    expect(await claimSlot(s.services.store, slotKey(f.cancelled), "Patient/someone-else", s.services.clock.now())).toBe(true);
    await advance(s, s.services.clock.now(), hours(4), minutes(5));

    expect(faults.left()).toBe(0);
    expect(unreachable(s, "waitlist-offer")).toHaveLength(3);
    expect(s.sms.sent).toEqual([]);
    const [offer] = await s.engine.listRuns({ workflowId: "waitlist-offer" });
    expect(offer?.output).toEqual({ outcome: "not-offered", reason: "claimed" });
    expect(await s.engine.listRuns({ status: "failed" })).toEqual([]);
  });

  it("books a YES once when the booking PUT fails eight times and the last one did land", async () => {
    const f = await practice();
    const { s } = f;
    await cancel(f);
    expect(s.sms.sent).toHaveLength(1);
    let puts = 0;
    const faults = injectFaults(s, [...times(7, { status: 503 }), { status: 504, landed: true }], (c) => updateOf(f.entry)(c) && ++puts > 0);
    await accept(f);
    await advance(s, s.services.clock.now(), hours(4), minutes(5));

    expect(faults.left()).toBe(0);
    // The retry after the lost answer reads the entry as booked into this slot and writes nothing.
    expect(puts).toBe(8);
    expect(unreachable(s, "waitlist-offer").map((l) => l.failuresInRow)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await expectBookedOnce(f);
    const [offer] = await s.engine.listRuns({ workflowId: "waitlist-offer" });
    expect(offer?.output).toEqual({ outcome: "booked" });
  });

  it("does not retry a refused booking (400): after two blips the offer run fails where someone will see it", async () => {
    const f = await practice();
    const { s } = f;
    await cancel(f);
    injectFaults(s, [...times(2, { status: 502 }), ...times(20, { status: 400 })], updateOf(f.entry));
    await accept(f);
    await advance(s, s.services.clock.now(), hours(1), minutes(1));

    expect(unreachable(s, "waitlist-offer").map((l) => l.failuresInRow)).toEqual([1, 2]);
    expect((await s.fhir.read<Appointment>("Appointment", idOf(f.entry))).status).toBe("waitlist");
    const failed = await s.engine.listRuns({ status: "failed" });
    expect(failed.map((r) => r.workflowId)).toEqual(["waitlist-offer"]);
  });

  it("does not retry a refused read (403): after two blips the fill run fails where someone will see it", async () => {
    const f = await practice();
    const { s } = f;
    injectFaults(s, [...times(2, { status: 429 }), ...times(20, { status: 403 })], readOf(f.cancelled));
    await cancel(f);
    await advance(s, s.services.clock.now(), hours(1), minutes(1));

    expect(unreachable(s, "waitlist-fill").map((l) => l.failuresInRow)).toEqual([1, 2]);
    expect(s.sms.sent).toEqual([]);
    const failed = await s.engine.listRuns({ status: "failed" });
    expect(failed.map((r) => r.workflowId)).toEqual(["waitlist-fill"]);
  });
});
