import { afterEach, describe, expect, it } from "vitest";
import type { Recipe } from "../../src/automations/recipe.js";
import { activeRecipesFor, getRecipe, getRecipeVersion, listRecipes, RecipeNotFoundError, saveRecipeVersion, setRecipeActive } from "../../src/store/automation-recipes.js";
import { recipeRunCounts, recipeRunHistory, recordRunFinished, recordRunReply, recordRunSend, recordRunStarted } from "../../src/store/automation-runs.js";
import { openTestStore, testDialects, type TestStore } from "../helpers/test-store.js";

const AT = new Date("2026-03-02T10:00:00Z");
const LATER = new Date(AT.getTime() + 60_000);

function noShow(body: string): Recipe {
  return {
    name: "No-show follow-up",
    description: "",
    trigger: { on: "appointment.no_show" },
    conditions: {},
    steps: [{ id: "send-1", kind: "send", purpose: "reply", template: { en: body } }],
  };
}

describe.each(testDialects())("automation recipes on %s", (dialect) => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.dispose();
    store = undefined;
  });

  it("numbers versions, keeps every old one readable, adds none for an unchanged save, and starts disabled", async () => {
    store = await openTestStore(dialect);
    const first = await saveRecipeVersion(store, "no-show", noShow("We missed you today."), { by: "staff:mgr-1", at: AT, shipped: true });
    expect(first).toMatchObject({ id: "no-show", version: 1, active: false, shipped: true });
    expect((await saveRecipeVersion(store, "no-show", noShow("We missed you today."), { by: "staff:mgr-1", at: LATER })).version).toBe(1);
    const second = await saveRecipeVersion(store, "no-show", noShow("Sorry we missed you."), { by: "staff:mgr-1", at: LATER });
    expect(second.version).toBe(2);
    expect((await getRecipeVersion(store, "no-show", 1))?.steps[0]).toMatchObject({ template: { en: "We missed you today." } });
    expect(await getRecipeVersion(store, "no-show", 3)).toBeNull();
    expect((await listRecipes(store)).map((r) => [r.id, r.version])).toEqual([["no-show", 2]]);
  });

  it("lists only active recipes for a trigger, and refuses an unknown id or a malformed definition", async () => {
    store = await openTestStore(dialect);
    await saveRecipeVersion(store, "no-show", noShow("We missed you today."), { by: "config-file", at: AT });
    expect(await activeRecipesFor(store, "appointment.no_show")).toEqual([]);
    await setRecipeActive(store, "no-show", true, LATER);
    expect((await activeRecipesFor(store, "appointment.no_show")).map((r) => r.id)).toEqual(["no-show"]);
    expect(await activeRecipesFor(store, "appointment.booked")).toEqual([]);
    await expect(setRecipeActive(store, "nope", true, LATER)).rejects.toBeInstanceOf(RecipeNotFoundError);
    await expect(saveRecipeVersion(store, "Bad Id", noShow("x"), { by: "t", at: AT })).rejects.toThrow(/lower-case/);
    await expect(saveRecipeVersion(store, "bad", { ...noShow("x"), steps: [] }, { by: "t", at: AT })).rejects.toThrow(/at least one step/);
    expect(await getRecipe(store, "bad")).toBeNull();
  });

  it("records runs once per key with their version, and counts sends and replies by intent", async () => {
    store = await openTestStore(dialect);
    for (const [key, version] of [["run-a", 1], ["run-a", 1], ["run-b", 2]] as const) {
      await recordRunStarted(store, { runKey: key, recipeId: "no-show", version, subjectRef: `Appointment/${key}`, at: AT });
    }
    await recordRunSend(store, "run-a");
    await recordRunSend(store, "run-b");
    await recordRunReply(store, "run-a", "reschedule");
    await recordRunFinished(store, "run-a", "completed", LATER);
    await recordRunFinished(store, "run-a", "failed", LATER);
    expect(await recipeRunCounts(store, "no-show")).toEqual({ runs: 2, sends: 2, replies: { reschedule: 1 } });
    const history = await recipeRunHistory(store, "no-show");
    expect(history.map((r) => [r.runKey, r.version, r.outcome])).toEqual(expect.arrayContaining([["run-a", 1, "completed"], ["run-b", 2, null]]));
  });
});
