import type { Appointment } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import { listEvents } from "../../src/store/events.js";
import { at, BASE, createAppointment, createPatient, createWaitlistEntry, hours, updateAppointment } from "../workflows/helpers/scenario.js";
import { openStack, type Stack } from "./helpers/e2e-stack.js";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.dispose();
  stack = undefined;
});

describe("e2e: waitlist fill", () => {
  it("two simultaneous signed YES replies to a freed slot: one booking in the EHR, one confirmation, one 'already filled'", async () => {
    stack = await openStack({ reminders: { touches: ["24h"], replyTouch: "24h" }, waitlist: { batchSize: 3, holdMinutes: 15 } });
    const { scenario: s } = stack;
    const owner = await createPatient(s.fhir);
    const start = at(BASE, hours(50));
    const cancelled = await createAppointment(s.fhir, owner.ref, start);
    const first = await createPatient(s.fhir);
    const second = await createPatient(s.fhir);
    const entries = [await createWaitlistEntry(stack.scenario.fhir, first.ref, "2026-11-01T00:00:00Z"), await createWaitlistEntry(stack.scenario.fhir, second.ref, "2026-11-02T00:00:00Z")];
    await s.sync();
    await updateAppointment(s.fhir, cancelled, (a) => ({ ...a, status: "cancelled" }));
    await s.sync();
    await s.sync();
    expect(stack.sentTo(first.phone)).toHaveLength(1);
    expect(stack.sentTo(second.phone)).toHaveLength(1);
    expect(stack.sentTo(owner.phone)).toHaveLength(0);

    const responses = await stack.replyAll([
      { from: first.phone, body: "YES" },
      { from: second.phone, body: "yes" },
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);

    const booked: Appointment[] = [];
    for (const ref of entries) booked.push(await s.fhir.read<Appointment>("Appointment", ref.split("/")[1] ?? ""));
    const winners = booked.filter((a) => a.status === "booked");
    expect(winners).toHaveLength(1);
    expect(Date.parse(winners[0]?.start ?? "")).toBe(start.getTime());
    expect(winners[0]?.participant?.map((p) => p.actor?.reference)).toEqual(expect.arrayContaining(["Practitioner/prac-1", "Location/loc-north"]));
    expect(booked.filter((a) => a.status === "waitlist")).toHaveLength(1);

    const answers = [...stack.sentTo(first.phone).slice(1), ...stack.sentTo(second.phone).slice(1)].map((m) => m.body);
    expect(answers).toHaveLength(2);
    expect(answers.filter((b) => b.includes("You're booked"))).toHaveLength(1);
    expect(answers.filter((b) => b.includes("just filled"))).toHaveLength(1);
    expect(await listEvents(s.services.store, { type: "waitlist.slot_filled" })).toHaveLength(1);

    s.setNow(at(BASE, hours(2))); // past every hold: no further batch goes out
    await s.drain();
    expect(stack.sentTo()).toHaveLength(4);
  });
});
