import { afterEach, describe, expect, it } from "vitest";
import { listEvents } from "../../../src/store/events.js";
import { advance, injectFaults, minutes, times, unreachable } from "../helpers/flaky-fhir.js";
import { at, BASE, createInvoice, createPatient, hours, openScenario, type Scenario } from "../helpers/scenario.js";

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.dispose();
  scenario = undefined;
});

const CADENCE = { payments: { cadenceDays: [0, 7] } };

describe("a payment reminder whose balance cannot be read", () => {
  it("waits and reads the invoice again, backing off, instead of failing; then reminds once", async () => {
    scenario = await openScenario(CADENCE);
    const s = scenario;
    const patient = await createPatient(s.fhir);
    await createInvoice(s.fhir, patient.ref);
    // More failures in a row than the engine's five attempts per run would survive.
    const faults = injectFaults(s, times(8, { status: 503 }), (c) => c.method === "read" && c.resourceType === "Invoice");
    await s.sync();
    expect(s.sms.sent).toHaveLength(0);
    await advance(s, BASE, hours(4), minutes(5));

    expect(faults.left()).toBe(0);
    expect(s.sms.sent).toHaveLength(1);
    expect(await listEvents(s.services.store, { type: "payment.reminder_sent" })).toHaveLength(1);
    expect(unreachable(s, "payment-reminder").map((f) => f.waitMs)).toEqual([1, 2, 4, 8, 16, 30, 30, 30].map(minutes));
    expect(await s.engine.listRuns({ status: "failed" })).toEqual([]);
    const [run] = await s.engine.listRuns({ workflowId: "payment-reminder" });
    expect(run?.status).toBe("sleeping");
    // The cadence carries on as if nothing had happened.
    s.setNow(at(BASE, hours(24 * 7)));
    await s.drain();
    expect(s.sms.sent).toHaveLength(2);
  });

  it("does not take a refusal (403) for a blip: after two timeouts it is waited on no more, and the run fails", async () => {
    scenario = await openScenario(CADENCE);
    const s = scenario;
    const patient = await createPatient(s.fhir);
    await createInvoice(s.fhir, patient.ref);
    injectFaults(s, [...times(2, { status: "timeout" }), ...times(20, { status: 403 })], (c) => c.method === "read" && c.resourceType === "Invoice");
    await s.sync();
    await advance(s, BASE, hours(1), minutes(1));

    expect(unreachable(s, "payment-reminder").map((f) => f.failuresInRow)).toEqual([1, 2]);
    expect(s.sms.sent).toHaveLength(0);
    const failed = await s.engine.listRuns({ status: "failed" });
    expect(failed.map((r) => r.workflowId)).toEqual(["payment-reminder"]);
  });
});
