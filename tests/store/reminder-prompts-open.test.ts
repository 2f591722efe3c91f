import { afterEach, describe, expect, it } from "vitest";
import { closePrompt, listOpenReminderPrompts, openPrompt, type PromptInput } from "../../src/store/prompts.js";
import { testDialects } from "../helpers/test-store.js";
import { openFixture, type Fixture } from "./fixture.js";

const t = (hours: number) => new Date(Date.UTC(2026, 2, 1, hours));

function prompt(signalKey: string, over: Partial<PromptInput> = {}): PromptInput {
  return { phoneIdx: "idx-1", sender: "+13125550100", patientRef: "Patient/a", kind: "reminder", subjectRef: "Appointment/1", expecting: ["confirm"], signalKey, expiresAt: t(48), ...over };
}

describe.each(testDialects())("open reminder questions about an appointment on %s", (dialect) => {
  let fx: Fixture | undefined;
  afterEach(async () => {
    await fx?.store.dispose();
    fx = undefined;
  });

  it("lists the open reminder questions about the appointment, and all but the one kept", async () => {
    fx = await openFixture(dialect);
    await openPrompt(fx.store, prompt("plan-old"), t(1));
    await openPrompt(fx.store, prompt("plan-new", { patientRef: "Patient/b" }), t(2));
    await openPrompt(fx.store, prompt("plan-closed"), t(3));
    await closePrompt(fx.store, "plan-closed", t(4));
    await openPrompt(fx.store, prompt("other-appointment", { subjectRef: "Appointment/2" }), t(5));
    await openPrompt(fx.store, prompt("offer", { kind: "waitlist-offer" }), t(6));
    const all = await listOpenReminderPrompts(fx.store, "Appointment/1");
    expect(all.sort((a, b) => a.signalKey.localeCompare(b.signalKey))).toEqual([
      { signalKey: "plan-new", patientRef: "Patient/b" },
      { signalKey: "plan-old", patientRef: "Patient/a" },
    ]);
    expect(await listOpenReminderPrompts(fx.store, "Appointment/1", "plan-new")).toEqual([{ signalKey: "plan-old", patientRef: "Patient/a" }]);
    expect(await listOpenReminderPrompts(fx.store, "Appointment/1", "not-a-plan")).toHaveLength(2);
    expect(await listOpenReminderPrompts(fx.store, "Appointment/9")).toEqual([]);
  });
});
