import { afterEach, describe, expect, it } from "vitest";
import { consentChangeEvent, startRecipeRunsOrThrow } from "../../src/automations/start-runs.js";
import { BASE, openScenario, type Scenario } from "../workflows/helpers/scenario.js";
import { listeningRuns, runCounts, saveTriggerRecipes } from "../workflows/helpers/trigger-recipes.js";

const opened: Scenario[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.dispose();
});

async function practiceWithRecipes(): Promise<Scenario> {
  const s = await openScenario();
  opened.push(s);
  await saveTriggerRecipes(s.services, { on: "consent.changed" }, { on: "reply.received", intent: "unknown" });
  return s;
}

describe("starting recipe runs from outside the workflows", () => {
  it("starts each trigger's runs in the store and engine of the services it is given, call after call", async () => {
    const first = await practiceWithRecipes();
    const second = await practiceWithRecipes();
    expect(await startRecipeRunsOrThrow(first.services, consentChangeEvent("Patient/p-1", BASE))).toBe(1);
    expect(await startRecipeRunsOrThrow(second.services, consentChangeEvent("Patient/p-2", BASE))).toBe(1);
    expect(await startRecipeRunsOrThrow(first.services, consentChangeEvent("Patient/p-3", BASE))).toBe(1);
    await first.drain();
    await second.drain();
    expect((await listeningRuns(first.services)).map((r) => r.subjectRef).sort()).toEqual(["Patient/p-1", "Patient/p-3"]);
    expect((await listeningRuns(second.services)).map((r) => r.subjectRef)).toEqual(["Patient/p-2"]);
    expect(await runCounts(second.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });
  });

  it("starts a change's runs once, however often it is reported", async () => {
    const s = await practiceWithRecipes();
    const change = consentChangeEvent("Patient/p-1", BASE);
    expect(await startRecipeRunsOrThrow(s.services, change)).toBe(1);
    expect(await startRecipeRunsOrThrow(s.services, change)).toBe(0);
    await s.drain();
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });
  });
});
