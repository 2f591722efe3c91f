import { afterEach, describe, expect, it } from "vitest";
import type { Engine } from "../../../src/engine/port.js";
import { at, BASE, createAppointment, createPatient, hours, openScenario, type Scenario } from "../helpers/scenario.js";

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.dispose();
  scenario = undefined;
});

describe("sync", () => {
  it("counts a failing item and carries on with the batch, logging ids and counts only", async () => {
    scenario = await openScenario({ reminders: { touches: ["24h"], replyTouch: "24h" } });
    const s = scenario;
    const good = await createPatient(s.fhir);
    const bad = await createPatient(s.fhir);
    const badRef = await createAppointment(s.fhir, bad.ref, at(BASE, hours(30)));
    await createAppointment(s.fhir, good.ref, at(BASE, hours(40)));
    const real: Engine = s.services.engine;
    s.services.engine = {
      start: (wf, input, opts) => ((input as { appointmentRef?: string }).appointmentRef === badRef ? Promise.reject(new Error("boom")) : real.start(wf, input, opts)),
      signal: (key, payload) => real.signal(key, payload),
    };
    await s.engine.start(s.workflows.sync, {}, { key: "sync-1" });
    await s.drain();
    const [run] = await s.engine.listRuns({ workflowId: "sync" });
    expect(run?.output).toMatchObject({ appointments: 2, new: 1, errors: 1, remindersStarted: 1, consentsImported: 1 });
    expect(await s.engine.listRuns({ workflowId: "appointment-reminder" })).toHaveLength(1);

    // The failed one was not marked seen, so the next sync tries it again.
    s.services.engine = real;
    await s.sync();
    const runs = await s.engine.listRuns({ workflowId: "sync" });
    expect(runs.find((r) => r.key === "test-sync:1")?.output).toMatchObject({ new: 1, unchanged: 1, errors: 0, remindersStarted: 1 });

    const summaries = s.logs.filter((l) => l.event === "sync.summary");
    expect(summaries).toHaveLength(2);
    const text = JSON.stringify(s.logs);
    for (const phone of [good.phone, bad.phone]) expect(text).not.toContain(phone.slice(2));
    expect(text).not.toContain("Fictional");
  });
});
