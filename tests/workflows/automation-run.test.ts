import { afterEach, describe, expect, it } from "vitest";
import { RecipeSchema, type Recipe } from "../../src/automations/recipe.js";
import { saveRecipeVersion } from "../../src/store/automation-recipes.js";
import { recipeRunHistory } from "../../src/store/automation-runs.js";
import { listEvents } from "../../src/store/events.js";
import { appointmentAnchor } from "../../workflows/automation-subject.js";
import { automationRunKey, type AutomationRunInput } from "../../workflows/automation-keys.js";
import { at, BASE, createAppointment, createPatient, hours, openScenario, updateAppointment, type Scenario } from "./helpers/scenario.js";

/** The automation-run workflow on the embedded engine: version pinning, re-check at wake, run records. */
const note = (words: string): Recipe =>
  RecipeSchema.parse({
    name: "Booking note",
    trigger: { on: "appointment.booked" },
    steps: [
      { id: "wait-1", kind: "wait", duration: "1h", from: "trigger", direction: "after" },
      { id: "send-1", kind: "send", purpose: "appointment-reminder", template: { en: `{{practice.name}}: ${words}. Reply STOP to opt out.` } },
    ],
  });

describe("automation-run", () => {
  let s: Scenario | undefined;
  afterEach(async () => {
    await s?.dispose();
    s = undefined;
  });

  async function bookedRun(version: number): Promise<{ input: AutomationRunInput; phone: string; appointmentRef: string }> {
    const scenario = s as Scenario;
    const patient = await createPatient(scenario.fhir);
    const start = at(BASE, hours(48));
    const appointmentRef = await createAppointment(scenario.fhir, patient.ref, start);
    await scenario.sync(); // imports the consent the EHR holds
    const input: AutomationRunInput = { recipeId: "booking-note", version, subjectRef: appointmentRef, trigger: "appointment.booked", anchor: appointmentAnchor(scenario.services, appointmentRef, start, undefined) };
    await scenario.engine.start(scenario.workflows.automationRun, input, { key: automationRunKey(scenario.services, input) });
    await scenario.drain();
    return { input, phone: patient.phone, appointmentRef };
  }

  it("keeps the version it started on after the recipe is edited", async () => {
    s = await openScenario({ reminders: { touches: ["2h"] } });
    await saveRecipeVersion(s.services.store, "booking-note", note("version one words"), { by: "test", at: BASE });
    const { input, phone } = await bookedRun(1);
    const edited = await saveRecipeVersion(s.services.store, "booking-note", note("version two words"), { by: "test", at: BASE });
    expect(edited.version).toBe(2);

    s.setNow(at(BASE, hours(1)));
    await s.drain();

    const sent = s.sms.sent.filter((m) => m.to === phone).map((m) => m.body);
    expect(sent).toEqual([expect.stringContaining("version one words")]);
    const runs = await recipeRunHistory(s.services.store, "booking-note");
    expect(runs).toEqual([expect.objectContaining({ runKey: automationRunKey(s.services, input), version: 1, sends: 1, outcome: "completed" })]);
    const finished = await listEvents(s.services.store, { type: "automation.run_finished" });
    expect(finished.map((e) => [e.refs.recipeId, e.data.version, e.data.outcome])).toEqual([["booking-note", 1, "completed"]]);
  });

  it("stands down at wake when the appointment moved, and sends nothing", async () => {
    s = await openScenario({ reminders: { touches: ["2h"] } });
    await saveRecipeVersion(s.services.store, "booking-note", note("see you soon"), { by: "test", at: BASE });
    const { phone, appointmentRef } = await bookedRun(1);
    await updateAppointment(s.fhir, appointmentRef, (a) => ({ ...a, start: at(BASE, hours(72)).toISOString(), end: at(BASE, hours(72.5)).toISOString() }));

    s.setNow(at(BASE, hours(1)));
    await s.drain();

    expect(s.sms.sent.filter((m) => m.to === phone)).toHaveLength(0);
    expect(await recipeRunHistory(s.services.store, "booking-note")).toEqual([expect.objectContaining({ sends: 0, outcome: "stood-down" })]);
  });

  it("records a failed run when its version does not exist", async () => {
    s = await openScenario({ reminders: { touches: ["2h"] } });
    const input: AutomationRunInput = { recipeId: "never-saved", version: 3, subjectRef: "Patient/p-1", trigger: "consent.changed" };
    await s.engine.start(s.workflows.automationRun, input, { key: automationRunKey(s.services, input) });
    await s.drain();
    expect(await recipeRunHistory(s.services.store, "never-saved")).toEqual([expect.objectContaining({ version: 3, outcome: "failed" })]);
  });
});
