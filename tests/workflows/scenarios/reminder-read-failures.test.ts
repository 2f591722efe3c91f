import type { Appointment, Resource } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import type { FhirClient } from "../../../connectors/fhir/client.js";
import { FhirRequestError } from "../../../connectors/fhir/fhir-error.js";
import { getContact } from "../../../src/store/contacts.js";
import { listOpenPrompts } from "../../../src/store/prompts.js";
import { at, BASE, createAppointment, createPatient, hours, openScenario, type Scenario } from "../helpers/scenario.js";

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.dispose();
  scenario = undefined;
});

const ONE_TOUCH = { reminders: { touches: ["24h"], replyTouch: "24h" } };
const minutes = (n: number): number => n * 60_000;

/** The scenario's FHIR client, except that its next `count` reads fail with `status` (after the client's own retries). */
function failReads(s: Scenario, count: number, status: number): { left: () => number } {
  let left = count;
  const real = s.fhir;
  const flaky: FhirClient = {
    ...real,
    read: <T extends Resource>(resourceType: T["resourceType"], id: string): Promise<T> => {
      if (left <= 0) return real.read<T>(resourceType, id);
      left -= 1;
      return Promise.reject(new FhirRequestError(`FHIR read ${resourceType}/${id} failed with HTTP ${status}`, status, []));
    },
  };
  s.services.sources.fhir = flaky;
  return { left: () => left };
}

/** Moves the clock a step at a time, running what is due, for `total` ms. */
async function advance(s: Scenario, from: Date, total: number, stepMs: number): Promise<void> {
  for (let t = stepMs; t <= total; t += stepMs) {
    s.setNow(at(from, t));
    await s.drain();
  }
}

function unreachableLogs(s: Scenario) {
  return s.logs.filter((l) => l.event === "workflow.source_unreachable" && l.fields.workflowId === "appointment-reminder").map((l) => l.fields);
}

describe("a reminder whose EHR read fails", () => {
  it("waits and reads again, backing off, instead of failing or standing down; then sends once", async () => {
    scenario = await openScenario(ONE_TOUCH);
    const s = scenario;
    const patient = await createPatient(s.fhir);
    await createAppointment(s.fhir, patient.ref, at(BASE, hours(26)));
    await s.sync();
    // More failures in a row than the engine's five attempts per run would survive.
    const reads = failReads(s, 8, 500);
    const due = at(BASE, hours(2));
    s.setNow(due);
    await s.drain();
    expect(s.sms.sent).toHaveLength(0);
    await advance(s, due, hours(4), minutes(5));

    expect(reads.left()).toBe(0);
    expect(s.sms.sent).toHaveLength(1);
    const waits = unreachableLogs(s).map((f) => f.waitMs);
    expect(waits).toEqual([1, 2, 4, 8, 16, 30, 30, 30].map(minutes));
    expect(await s.engine.listRuns({ status: "failed" })).toEqual([]);
    expect(s.logs.filter((l) => l.event === "reminder.stood_down")).toEqual([]);
    const [run] = await s.engine.listRuns({ workflowId: "appointment-reminder" });
    expect(run?.status).toBe("waiting");
  });

  it("keeps its open question through failed re-checks and still applies the answer", async () => {
    scenario = await openScenario(ONE_TOUCH);
    const s = scenario;
    const patient = await createPatient(s.fhir);
    const ref = await createAppointment(s.fhir, patient.ref, at(BASE, hours(20)));
    await s.sync();
    expect(s.sms.sent).toHaveLength(1);
    // A send now journals the start it checked, and the wait for the answer follows it without
    // another read. A run journaled before that, and cut short after its send, checks the booking
    // afresh before it waits: here that read (and the next two) fail.
    const [sentRun] = await s.engine.listRuns({ workflowId: "appointment-reminder" });
    const step = await s.services.store.db.selectFrom("run_steps").select("result").where("run_id", "=", sentRun?.id ?? "").where("name", "=", "run:touch:24h:0").executeTakeFirstOrThrow();
    const { startMs: _added, ...journaledBefore } = JSON.parse(step.result ?? "{}") as Record<string, unknown>;
    await s.services.store.db.updateTable("run_steps").set({ result: JSON.stringify(journaledBefore) }).where("run_id", "=", sentRun?.id ?? "").where("name", "=", "run:touch:24h:0").execute();
    await s.services.store.db.updateTable("workflow_runs").set({ status: "running", wake_at: null, wait_key: null, lease_owner: "a-process-that-died", lease_until: 0 }).where("id", "=", sentRun?.id ?? "").execute();
    await s.restart();
    let reads = 0;
    const real = s.fhir;
    s.services.sources.fhir = {
      ...real,
      read: <T extends Resource>(resourceType: T["resourceType"], id: string): Promise<T> =>
        ++reads <= 3 ? Promise.reject(new FhirRequestError("FHIR read timed out", undefined, [])) : real.read<T>(resourceType, id),
    };
    await s.drain();
    expect(s.sms.sent).toHaveLength(1);
    const [run] = await s.engine.listRuns({ workflowId: "appointment-reminder" });
    expect(run?.status).toBe("waiting");
    expect(unreachableLogs(s)).toHaveLength(1);
    await advance(s, BASE, minutes(4), minutes(1));
    expect(unreachableLogs(s).map((f) => f.failuresInRow)).toEqual([1, 2, 3]);
    expect((await s.engine.getRun(run?.id ?? ""))?.status).toBe("waiting");

    const contact = await getContact(s.services.store, s.services.crypto, patient.ref);
    const [prompt] = await listOpenPrompts(s.services.store, contact?.phoneIdx ?? "", s.sms.sender, s.services.clock.now());
    expect(prompt).toBeDefined();
    await s.engine.signal(prompt?.signalKey ?? "", { intent: "confirm", inboundId: "in-1", patientRef: patient.ref });
    await s.drain();
    const appointment = await real.read<Appointment>("Appointment", ref.split("/")[1] ?? "");
    expect(appointment.participant?.find((p) => p.actor?.reference === patient.ref)?.status).toBe("accepted");
    expect(await s.engine.listRuns({ status: "failed" })).toEqual([]);
    expect(s.sms.sent).toHaveLength(1);
  });

  it("does not mistake a refusal (403) for a blip: the run fails where someone will see it", async () => {
    scenario = await openScenario(ONE_TOUCH);
    const s = scenario;
    const patient = await createPatient(s.fhir);
    await createAppointment(s.fhir, patient.ref, at(BASE, hours(20)));
    failReads(s, 100, 403);
    await s.sync();
    await advance(s, BASE, minutes(5), minutes(1));
    expect(unreachableLogs(s)).toEqual([]);
    expect(s.sms.sent).toHaveLength(0);
    const failed = await s.engine.listRuns({ status: "failed" });
    expect(failed.map((r) => r.workflowId)).toEqual(["appointment-reminder"]);
  });
});
