import { afterEach, describe, expect, it } from "vitest";
import { RecipeSchema } from "../../../src/automations/recipe.js";
import { saveRecipeVersion, setRecipeActive } from "../../../src/store/automation-recipes.js";
import { recipeRunHistory } from "../../../src/store/automation-runs.js";
import { listEvents } from "../../../src/store/events.js";
import { listInboxItems } from "../../../src/store/staff-inbox.js";
import { openStack, type Stack } from "../../e2e/helpers/e2e-stack.js";
import { at, BASE, createAppointment, createPatient, hours, openScenario, type PracticeScenario, type Scenario } from "../../workflows/helpers/scenario.js";
import type { RunState } from "./harness.js";
import { openTriggerScenario, type TriggerScenario } from "./trigger-scenario.js";

/**
 * One automation recipe, interpreted by the automation-run workflow, the same way on both engines:
 * a text, a wait for the patient's reply with a branch for R, and a timeout branch.
 */
interface RecipeEngine<S extends PracticeScenario> {
  name: string;
  open(config: Record<string, unknown>): Promise<S>;
  runs(scenario: S): Promise<Array<{ state: RunState; output?: unknown }>>;
}

const embedded: RecipeEngine<Scenario> = {
  name: "embedded",
  open: openScenario,
  async runs(s) {
    const states = { pending: "pending", running: "running", sleeping: "suspended", waiting: "suspended", completed: "completed", failed: "failed" } as const;
    return (await s.engine.listRuns({ workflowId: "automation-run" })).map((r) => ({ state: states[r.status], output: r.output }));
  },
};

const trigger: RecipeEngine<TriggerScenario> = {
  name: "trigger.dev",
  open: openTriggerScenario,
  async runs(s) {
    const states = { queued: "pending", executing: "running", waiting: "suspended", completed: "completed", failed: "failed" } as const;
    return [...s.platform.state.runs.values()].filter((r) => r.taskId === "automation-run").map((r) => ({ state: states[r.status], output: r.output }));
  },
};

const BOOKING_NOTE = RecipeSchema.parse({
  name: "Booking note",
  trigger: { on: "appointment.booked" },
  steps: [
    { id: "send-1", kind: "send", purpose: "appointment-reminder", template: { en: "{{practice.name}}: thanks for booking. Reply R if you need another time. Reply STOP to opt out." } },
    {
      id: "reply-1",
      kind: "wait_for_reply",
      within: "24h",
      branches: [{ intent: "reschedule", steps: [{ id: "inbox-1", kind: "inbox", note: "Wants another time" }] }],
      timeout: [{ id: "emit-1", kind: "emit", event: "booking_note_unanswered", fields: [] }],
    },
  ],
});

function describeOn<S extends PracticeScenario>(engine: RecipeEngine<S>): void {
  describe(`conformance: an automation recipe (${engine.name})`, () => {
    let stack: Stack<S> | undefined;
    afterEach(async () => {
      await stack?.dispose();
      stack = undefined;
    });

    async function booked(): Promise<{ st: Stack<S>; s: S; phone: string }> {
      const st = (stack = await openStack({ reminders: { touches: ["2h"], replyTouch: "2h" } }, engine.open));
      const s = st.scenario;
      await saveRecipeVersion(s.services.store, "booking-note", BOOKING_NOTE, { by: "test", at: BASE });
      await setRecipeActive(s.services.store, "booking-note", true, BASE);
      const patient = await createPatient(s.fhir);
      await createAppointment(s.fhir, patient.ref, at(BASE, hours(50)));
      await s.sync();
      expect(st.sentTo(patient.phone).map((m) => m.body)).toEqual([expect.stringContaining("thanks for booking")]);
      return { st, s, phone: patient.phone };
    }

    it("takes the reply branch: an R opens a staff inbox item and the run completes", async () => {
      const { st, s, phone } = await booked();
      expect((await st.reply(phone, "R")).status).toBe(200);
      expect(await listInboxItems(s.services.store, { resolved: false })).toEqual([expect.objectContaining({ intent: "reschedule_request" })]);
      expect(await engine.runs(s)).toEqual([{ state: "completed", output: { outcome: "completed", sent: 1 } }]);
      expect(await listEvents(s.services.store, { type: "automation.emitted" })).toHaveLength(0);
    });

    it("takes the timeout branch when no reply comes within the day", async () => {
      const { s } = await booked();
      s.setNow(at(BASE, hours(25)));
      await s.drain();
      const emitted = await listEvents(s.services.store, { type: "automation.emitted" });
      expect(emitted.map((e) => e.data.event)).toEqual(["booking_note_unanswered"]);
      expect(await listInboxItems(s.services.store, { resolved: false })).toHaveLength(0);
      expect(await engine.runs(s)).toEqual([{ state: "completed", output: { outcome: "completed", sent: 1 } }]);
      expect(await recipeRunHistory(s.services.store, "booking-note")).toEqual([expect.objectContaining({ sends: 1, replyIntent: null, outcome: "completed" })]);
    });
  });
}

describeOn(embedded);
describeOn(trigger);
