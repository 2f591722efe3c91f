import { afterEach, describe, expect, it } from "vitest";
import { activateRecipe, deactivateRecipe, recipeSubjectRef, saveRecipe } from "../../src/automations/recipe-service.js";
import { listAudit } from "../../src/store/audit-log.js";
import { activeRecipesFor, getRecipe, getRecipeVersion, RecipeNotFoundError } from "../../src/store/automation-recipes.js";
import { createHook } from "../../src/store/hooks.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";
import { CLEAN_TEXT, emitStep, recipeWith, sendStep } from "./recipe-fixtures.js";

let services: TestServices | undefined;
afterEach(async () => {
  await services?.dispose();
  services = undefined;
});

const MANAGER = "staff:mgr-1";
const REASON_TEXT = "{{practice.name}}: About your {{appointment.reason}} visit. Reply STOP to opt out.";
const actions = async (s: TestServices, id: string) => (await listAudit(s.store, recipeSubjectRef(id))).map((row) => [row.action, row.actor, row.decision]);

describe("the recipe service", () => {
  it("saves numbered versions, disabled at first, with the check's findings and an audit row per save", async () => {
    const s = (services = await openTestServices());
    const first = await saveRecipe(s, "no-show", recipeWith([sendStep("send-1", CLEAN_TEXT)]), MANAGER);
    expect(first.stored).toMatchObject({ id: "no-show", version: 1, active: false, shipped: false });
    expect(first.findings).toEqual([]);
    const second = await saveRecipe(s, "no-show", recipeWith([sendStep("send-1", REASON_TEXT)]), MANAGER);
    expect(second.stored.version).toBe(2);
    expect(second.findings.map((f) => [f.stepId, f.severity])).toEqual([["send-1", "error"]]);
    await saveRecipe(s, "no-show", recipeWith([sendStep("send-1", REASON_TEXT)]), MANAGER);
    expect(await actions(s, "no-show")).toEqual([
      ["automation.saved", MANAGER, "saved"],
      ["automation.saved", MANAGER, "saved"],
      ["automation.saved", MANAGER, "unchanged"],
    ]);
  });

  it("cannot activate a recipe whose text uses {{appointment.reason}}: it says which step and how to fix it", async () => {
    const s = (services = await openTestServices());
    await saveRecipe(s, "no-show", recipeWith([sendStep("send-1", REASON_TEXT)]), MANAGER);
    const result = await activateRecipe(s, "no-show", MANAGER);
    expect(result).toEqual({ ok: false, findings: [expect.objectContaining({ stepId: "send-1", severity: "error", message: expect.stringContaining("{{appointment.reason}}"), fix: expect.any(String) })] });
    expect((await getRecipe(s.store, "no-show"))?.active).toBe(false);
    expect(await activeRecipesFor(s.store, "appointment.no_show")).toEqual([]);
    const refusal = (await listAudit(s.store, recipeSubjectRef("no-show"))).at(-1);
    expect(refusal).toMatchObject({ action: "automation.activation_refused", decision: "refused", reasons: JSON.stringify(["send-1"]) });
  });

  it("cannot activate a recipe that emits PHI to a hook outside the BAA", async () => {
    const s = (services = await openTestServices());
    await createHook(s.store, s.crypto, { event: "automation.emitted", targetUrl: "https://hooks.zapier.com/hooks/standard/1/abc/", secret: "s".repeat(32) });
    await saveRecipe(s, "tell-zapier", recipeWith([emitStep("emit-1", ["patient.phone"])]), MANAGER);
    const result = await activateRecipe(s, "tell-zapier", MANAGER);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.findings.map((f) => f.stepId)).toEqual(["emit-1"]);
    expect((await getRecipe(s.store, "tell-zapier"))?.active).toBe(false);
  });

  it("activates a clean recipe and deactivates it, each audited with the version", async () => {
    const s = (services = await openTestServices());
    await saveRecipe(s, "no-show", recipeWith([sendStep("send-1", CLEAN_TEXT)]), MANAGER);
    const on = await activateRecipe(s, "no-show", "api-key:k1");
    expect(on).toMatchObject({ ok: true, stored: { active: true, version: 1 } });
    expect((await activeRecipesFor(s.store, "appointment.no_show")).map((r) => r.id)).toEqual(["no-show"]);
    expect(await deactivateRecipe(s, "no-show", MANAGER)).toMatchObject({ active: false, version: 1 });
    expect((await actions(s, "no-show")).slice(1)).toEqual([
      ["automation.activated", "api-key:k1", "activated"],
      ["automation.deactivated", MANAGER, "deactivated"],
    ]);
  });

  it("turns an active recipe off when an edit fails the check, and keeps the old version for runs already started", async () => {
    const s = (services = await openTestServices());
    await saveRecipe(s, "no-show", recipeWith([sendStep("send-1", CLEAN_TEXT)]), MANAGER);
    await activateRecipe(s, "no-show", MANAGER);
    const edit = await saveRecipe(s, "no-show", recipeWith([sendStep("send-1", REASON_TEXT)]), MANAGER);
    expect(edit.stored).toMatchObject({ version: 2, active: false });
    expect((await getRecipeVersion(s.store, "no-show", 1))?.steps[0]).toMatchObject({ template: { en: CLEAN_TEXT } });
    expect((await listAudit(s.store, recipeSubjectRef("no-show"))).at(-1)).toMatchObject({ action: "automation.deactivated", reasons: JSON.stringify(["saved-with-errors", "send-1"]) });
  });

  it("keeps an active recipe on through an edit that passes", async () => {
    const s = (services = await openTestServices());
    await saveRecipe(s, "no-show", recipeWith([sendStep("send-1", CLEAN_TEXT)]), MANAGER);
    await activateRecipe(s, "no-show", MANAGER);
    const edit = await saveRecipe(s, "no-show", recipeWith([sendStep("send-1", CLEAN_TEXT.replace("today", "this morning"))]), MANAGER);
    expect(edit.stored).toMatchObject({ version: 2, active: true });
  });

  it("refuses to activate or deactivate an unknown recipe, and audits nothing for it", async () => {
    const s = (services = await openTestServices());
    await expect(activateRecipe(s, "nope", MANAGER)).rejects.toBeInstanceOf(RecipeNotFoundError);
    await expect(deactivateRecipe(s, "nope", MANAGER)).rejects.toThrow('There is no automation "nope".');
    expect(await listAudit(s.store, recipeSubjectRef("nope"))).toEqual([]);
  });
});
