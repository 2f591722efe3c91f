import type { Appointment } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import { getContact } from "../../../src/store/contacts.js";
import { listOpenPrompts } from "../../../src/store/prompts.js";
import { at, BASE, createAppointment, createPatient, hours, openScenario, type Scenario } from "../helpers/scenario.js";

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.dispose();
  scenario = undefined;
});

const TWO_TOUCHES = { reminders: { touches: ["72h", "24h"], replyTouch: "24h" } };

async function journal(s: Scenario): Promise<Array<{ name: string; result: string | null }>> {
  return s.services.store.db.selectFrom("run_steps").innerJoin("workflow_runs", "workflow_runs.id", "run_steps.run_id").select(["run_steps.name", "run_steps.result"]).where("workflow_runs.workflow_id", "=", "appointment-reminder").orderBy("run_steps.created_at").execute();
}

async function confirm(s: Scenario, patientRef: string): Promise<void> {
  const contact = await getContact(s.services.store, s.services.crypto, patientRef);
  const [prompt] = await listOpenPrompts(s.services.store, contact?.phoneIdx ?? "", s.sms.sender, s.services.clock.now());
  await s.services.engine.signal(prompt?.signalKey ?? "", { intent: "confirm", inboundId: "in-1", patientRef });
}

async function participantStatus(s: Scenario, appointmentRef: string, patientRef: string): Promise<string | undefined> {
  const written = await s.fhir.read<Appointment>("Appointment", appointmentRef.split("/")[1] ?? "");
  return written.participant?.find((p) => p.actor?.reference === patientRef)?.status;
}

describe("the check before waiting for the answer", () => {
  it("is the send's own check when the question was just sent: no second step, and the wait ends at the start", async () => {
    scenario = await openScenario(TWO_TOUCHES);
    const s = scenario;
    const patient = await createPatient(s.fhir);
    const start = at(BASE, hours(20));
    await createAppointment(s.fhir, patient.ref, start);
    await s.sync();
    expect(s.sms.sent).toHaveLength(1);
    const steps = await journal(s);
    // The test's clock stands still, so the steps share a timestamp: compare them as a set.
    expect(steps.map((step) => step.name).sort()).toEqual(["run:touch:24h:0", "run:touch:72h:0"]);
    expect(JSON.parse(steps.find((step) => step.name === "run:touch:24h:0")?.result ?? "{}")).toMatchObject({ action: "sent", asksForReply: true, startMs: start.getTime() });
    const [run] = await s.engine.listRuns({ workflowId: "appointment-reminder" });
    expect(run?.status).toBe("waiting");
    expect(run?.wakeAt?.getTime()).toBe(start.getTime());
  });

  it("still runs as its own step for a run whose send was journaled without the start, and the answer still lands", async () => {
    scenario = await openScenario(TWO_TOUCHES);
    const s = scenario;
    const patient = await createPatient(s.fhir);
    const appointmentRef = await createAppointment(s.fhir, patient.ref, at(BASE, hours(20)));
    await s.sync();
    // As journaled before the send carried its start: replay must check the booking itself.
    const sentStep = (await journal(s)).find((step) => step.name === "run:touch:24h:0");
    const { startMs: _dropped, ...older } = JSON.parse(sentStep?.result ?? "{}") as Record<string, unknown>;
    await s.services.store.db.updateTable("run_steps").set({ result: JSON.stringify(older) }).where("name", "=", "run:touch:24h:0").execute();
    await s.restart();

    await confirm(s, patient.ref);
    await s.drain();
    expect((await journal(s)).map((step) => step.name)).toContain("run:final-check:0");
    expect(await participantStatus(s, appointmentRef, patient.ref)).toBe("accepted");
    expect(s.sms.sent).toHaveLength(1);
  });
});
