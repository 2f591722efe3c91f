import type { Appointment } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import { listEvents } from "../../../src/store/events.js";
import { getContact } from "../../../src/store/contacts.js";
import { listOpenPrompts } from "../../../src/store/prompts.js";
import { advance, idOf, injectFaults, minutes, times, unreachable, type FaultedCall } from "../helpers/flaky-fhir.js";
import { at, BASE, createAppointment, createPatient, hours, openScenario, type Scenario } from "../helpers/scenario.js";

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.dispose();
  scenario = undefined;
});

/** A reminder that asked "C or R" for an appointment 20 hours out. */
async function asked(config: Record<string, unknown> = {}): Promise<{ s: Scenario; patientRef: string; appointmentRef: string }> {
  scenario = await openScenario({ reminders: { touches: ["24h"], replyTouch: "24h", ...config } });
  const s = scenario;
  const patient = await createPatient(s.fhir);
  const appointmentRef = await createAppointment(s.fhir, patient.ref, at(BASE, hours(20)));
  await s.sync();
  expect(s.sms.sent).toHaveLength(1);
  return { s, patientRef: patient.ref, appointmentRef };
}

async function reply(s: Scenario, patientRef: string, intent: string): Promise<void> {
  const contact = await getContact(s.services.store, s.services.crypto, patientRef);
  const [prompt] = await listOpenPrompts(s.services.store, contact?.phoneIdx ?? "", s.sms.sender, s.services.clock.now());
  expect(prompt).toBeDefined();
  await s.engine.signal(prompt?.signalKey ?? "", { intent, inboundId: "in-1", patientRef });
  await s.drain();
}

async function current(s: Scenario, appointmentRef: string, patientRef: string): Promise<{ status?: string; participant?: string }> {
  const appointment = await s.fhir.read<Appointment>("Appointment", idOf(appointmentRef));
  return { status: appointment.status, participant: appointment.participant?.find((p) => p.actor?.reference === patientRef)?.status };
}

/** PUTs of the appointment; with `status`, only those that set it. */
const writeOf = (ref: string, status?: string) => (c: FaultedCall) =>
  c.method === "update" && c.id === idOf(ref) && (status === undefined || (c.resource as { status?: string } | undefined)?.status === status);

async function writtenBack(s: Scenario): Promise<number> {
  const rows = await s.services.store.db.selectFrom("audit_log").select("action").where("action", "=", "ehr.written_back").execute();
  return rows.length;
}

describe("applying a patient's reply while the EHR fails on its side", () => {
  it("waits and writes C back again, backing off, instead of failing the reminder; confirms once", async () => {
    const { s, patientRef, appointmentRef } = await asked();
    const faults = injectFaults(s, times(8, { status: 503 }), writeOf(appointmentRef));
    await reply(s, patientRef, "confirm");
    expect(await current(s, appointmentRef, patientRef)).toEqual({ status: "booked", participant: "needs-action" });
    await advance(s, s.services.clock.now(), hours(4), minutes(5));

    expect(faults.left()).toBe(0);
    expect(await current(s, appointmentRef, patientRef)).toEqual({ status: "booked", participant: "accepted" });
    expect(unreachable(s, "appointment-reminder").map((f) => f.waitMs)).toEqual([1, 2, 4, 8, 16, 30, 30, 30].map(minutes));
    expect(await listEvents(s.services.store, { type: "appointment.confirmed" })).toHaveLength(1);
    expect(await writtenBack(s)).toBe(1);
    expect(await s.engine.listRuns({ status: "failed" })).toEqual([]);
    expect(s.sms.sent).toHaveLength(1);
  });

  it("retries a cancel by text whose last PUT landed unanswered, and still starts the waitlist fill", async () => {
    const { s, patientRef, appointmentRef } = await asked({ allowCancelByText: true });
    const faults = injectFaults(s, [...times(6, { status: 502 }), { status: 504, landed: true }], writeOf(appointmentRef, "cancelled"));
    await reply(s, patientRef, "decline");
    await advance(s, s.services.clock.now(), hours(4), minutes(5));

    expect(faults.left()).toBe(0);
    expect(await current(s, appointmentRef, patientRef)).toEqual({ status: "cancelled", participant: "declined" });
    expect(unreachable(s, "appointment-reminder").map((f) => f.failuresInRow)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await listEvents(s.services.store, { type: "appointment.declined" })).toHaveLength(1);
    expect(await listEvents(s.services.store, { type: "appointment.cancelled_by_text" })).toHaveLength(1);
    expect(await writtenBack(s)).toBe(1);
    const fills = await s.engine.listRuns({ workflowId: "waitlist-fill" });
    expect(fills).toHaveLength(1);
    expect(await s.engine.listRuns({ status: "failed" })).toEqual([]);
  });

  it("does not retry a refused write-back (403): after two blips the reminder run fails where someone will see it", async () => {
    const { s, patientRef, appointmentRef } = await asked();
    injectFaults(s, [...times(2, { status: "timeout" }), ...times(20, { status: 403 })], writeOf(appointmentRef));
    await reply(s, patientRef, "confirm");
    await advance(s, s.services.clock.now(), hours(1), minutes(1));

    expect(unreachable(s, "appointment-reminder").map((f) => f.failuresInRow)).toEqual([1, 2]);
    expect(await current(s, appointmentRef, patientRef)).toEqual({ status: "booked", participant: "needs-action" });
    const failed = await s.engine.listRuns({ status: "failed" });
    expect(failed.map((r) => r.workflowId)).toEqual(["appointment-reminder"]);
  });
});
