import type { Appointment } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import { at, BASE, createAppointment, createPatient, hours, updateAppointment } from "../workflows/helpers/scenario.js";
import { openStack, type Stack } from "./helpers/e2e-stack.js";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.dispose();
  stack = undefined;
});

const ONE_TOUCH = { reminders: { touches: ["24h"], replyTouch: "24h" } };

describe("e2e: reminder plans over time", () => {
  it("quiet hours defer a send to 08:00 in the patient's own time zone, not the practice's", async () => {
    stack = await openStack(ONE_TOUCH);
    const { scenario: s } = stack;
    // California patient; the 24h touch falls at 05:00 PST (07:00 in Chicago, the practice zone).
    const patient = await createPatient(s.fhir, { areaCode: "510", state: "CA" });
    await createAppointment(s.fhir, patient.ref, new Date("2026-12-03T13:00:00Z"));
    await s.sync();
    for (const now of ["2026-12-02T13:00:00Z", "2026-12-02T14:30:00Z", "2026-12-02T15:59:00Z"]) {
      s.setNow(new Date(now)); // 05:00, 06:30 and 07:59 in California: still quiet
      await s.drain();
    }
    expect(stack.sentTo(patient.phone)).toHaveLength(0);
    s.setNow(new Date("2026-12-02T16:00:00Z")); // 08:00 in California
    await s.drain();
    expect(stack.sentTo(patient.phone)).toHaveLength(1);
    const deferred = await s.services.store.db.selectFrom("audit_log").select("action").where("action", "=", "message.deferred").execute();
    expect(deferred.length).toBeGreaterThanOrEqual(1);
  });

  it("a restart mid-wait loses nothing: the new engine sends the touch once and applies a signed C", async () => {
    stack = await openStack(ONE_TOUCH);
    const { scenario: s } = stack;
    const patient = await createPatient(s.fhir);
    const ref = await createAppointment(s.fhir, patient.ref, at(BASE, hours(25)));
    await s.sync();
    await s.restart(); // asleep until the 24h touch
    s.setNow(at(BASE, hours(1)));
    await s.drain();
    expect(stack.sentTo(patient.phone)).toHaveLength(1);
    await s.restart(); // waiting for the reply
    await stack.reply(patient.phone, "C");
    const appointment = await s.fhir.read<Appointment>("Appointment", ref.split("/")[1] ?? "");
    expect(appointment.participant?.find((p) => p.actor?.reference === patient.ref)?.status).toBe("accepted");
    await s.restart();
    s.setNow(at(BASE, hours(26)));
    await s.drain();
    expect(stack.sentTo(patient.phone)).toHaveLength(1);
    const runs = await s.engine.listRuns({ workflowId: "appointment-reminder" });
    expect(runs.map((r) => r.status)).toEqual(["completed"]);
  });

  it("moving an appointment re-plans it, and the old plan sends nothing", async () => {
    stack = await openStack(ONE_TOUCH);
    const { scenario: s } = stack;
    const patient = await createPatient(s.fhir);
    const ref = await createAppointment(s.fhir, patient.ref, at(BASE, hours(26)));
    await s.sync();
    const newStart = at(BASE, hours(50));
    await updateAppointment(s.fhir, ref, (a) => ({ ...a, start: newStart.toISOString(), end: at(newStart, hours(0.5)).toISOString() }));
    await s.sync();
    s.setNow(at(BASE, hours(2))); // the old plan's 24h moment
    await s.drain();
    expect(stack.sentTo(patient.phone)).toHaveLength(0);
    s.setNow(at(BASE, hours(26))); // the new plan's 24h moment
    await s.drain();
    expect(stack.sentTo(patient.phone)).toHaveLength(1);
    const outputs = (await s.engine.listRuns({ workflowId: "appointment-reminder" })).map((r) => r.output);
    expect(outputs).toContainEqual({ outcome: "stood-down", reason: "moved", sent: 0 });
  });
});
