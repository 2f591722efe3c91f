import { afterEach, describe, expect, it } from "vitest";
import { checkRecipe } from "../../src/automations/check-recipe.js";
import { recipeSteps } from "../../src/automations/recipe-steps.js";
import { seedShippedRecipes } from "../../src/automations/seed-recipes.js";
import { SHIPPED_RECIPES } from "../../src/automations/shipped-recipes.js";
import { activateRecipe } from "../../src/automations/recipe-service.js";
import { classifyReply } from "../../src/policy/classify-reply.js";
import { getRecipe, listRecipes, saveRecipeVersion } from "../../src/store/automation-recipes.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";

let services: TestServices | undefined;
afterEach(async () => {
  await services?.dispose();
  services = undefined;
});

const SURVEY_URL = "https://survey.sunrise-clinic.example/visit";
const TWILIO = { TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}`, TWILIO_AUTH_TOKEN: "t".repeat(32) };
const TWILIO_BAA = { twilio: { signed: true, date: "2026-01-15", reference: "Twilio BAA, Security Edition" } };
const texts = (id: string) => recipeSteps(SHIPPED_RECIPES[id] ?? { steps: [] }).flatMap(({ step }) => (step.kind === "send" ? Object.values(step.template) : []));

describe("the shipped recipes", () => {
  it("are the four examples, with the triggers the issue names", () => {
    expect(Object.fromEntries(Object.entries(SHIPPED_RECIPES).map(([id, r]) => [id, r.trigger.on]))).toEqual({
      "no-show-follow-up": "appointment.no_show",
      "booking-confirmation": "appointment.booked",
      "post-visit-survey": "appointment.fulfilled",
      "annual-recall": "schedule",
    });
    expect(SHIPPED_RECIPES["annual-recall"]?.conditions.lastVisit).toEqual({ moreThan: "365d", lessThan: "395d" });
  });

  it.each(Object.keys(SHIPPED_RECIPES))("%s passes the check without a warning on the sandbox, and through Twilio under a signed BAA", async (id) => {
    const recipe = SHIPPED_RECIPES[id];
    if (!recipe) throw new Error(id);
    const config = { practice: { surveyUrl: SURVEY_URL } };
    expect(await checkRecipe((services = await openTestServices({ config })), recipe)).toEqual([]);
    await services.dispose();
    expect(await checkRecipe((services = await openTestServices({ env: TWILIO, config: { ...config, baa: TWILIO_BAA } })), recipe)).toEqual([]);
  });

  it("asks the no-show patient for R, never CANCEL or STOP, and R reads as a reschedule request that goes to the inbox", () => {
    const [en] = texts("no-show-follow-up");
    expect(en).toContain("We missed you today. Reply R to rebook");
    expect(texts("no-show-follow-up").join(" ")).not.toMatch(/\bCANCEL\b|Reply STOP to rebook/);
    expect(classifyReply("R").intent).toBe("reschedule");
    const wait = SHIPPED_RECIPES["no-show-follow-up"]?.steps.find((s) => s.kind === "wait_for_reply");
    expect(wait?.kind === "wait_for_reply" && wait.branches.map((b) => [b.intent, b.steps.map((s) => s.kind)])).toEqual([["reschedule", ["inbox", "send"]]]);
  });

  it("never names a reason, a service or a result, in English or Spanish", () => {
    const all = Object.keys(SHIPPED_RECIPES).flatMap(texts);
    expect(all.length).toBeGreaterThanOrEqual(10);
    for (const text of all) expect(text).not.toMatch(/\{\{\s*(appointment\.(reason|serviceType|specialty)|diagnosis|results|medication|practitioner\.specialty)/);
  });

  it("links the survey only through practice.surveyUrl, and cannot be turned on without it", async () => {
    expect(texts("post-visit-survey").every((t) => t.includes("{{practice.surveyUrl}}") && !/https?:\/\//.test(t))).toBe(true);
    const s = (services = await openTestServices());
    await seedShippedRecipes(s);
    const refused = await activateRecipe(s, "post-visit-survey", "staff:mgr-1");
    expect(refused.ok ? [] : refused.findings.map((f) => [f.stepId, f.fix])).toEqual([
      ["survey-link", "Set practice.surveyUrl in the practice config, or take {{practice.surveyUrl}} out of the text."],
      ["survey-link", "Set practice.surveyUrl in the practice config, or take {{practice.surveyUrl}} out of the text."],
    ]);
  });

  it("are stored once at the first start, disabled and marked shipped; a later start keeps a manager's edit", async () => {
    const s = (services = await openTestServices());
    expect(await seedShippedRecipes(s)).toEqual(Object.keys(SHIPPED_RECIPES));
    expect((await listRecipes(s.store)).map((r) => [r.id, r.version, r.active, r.shipped])).toEqual([
      ["annual-recall", 1, false, true],
      ["booking-confirmation", 1, false, true],
      ["no-show-follow-up", 1, false, true],
      ["post-visit-survey", 1, false, true],
    ]);
    const shipped = SHIPPED_RECIPES["booking-confirmation"];
    if (!shipped) throw new Error("booking-confirmation is not shipped");
    await saveRecipeVersion(s.store, "booking-confirmation", { ...shipped, name: "Booked!" }, { by: "staff:mgr-1", at: new Date() });
    expect(await seedShippedRecipes(s)).toEqual([]);
    expect((await getRecipe(s.store, "booking-confirmation"))?.recipe.name).toBe("Booked!");
  });
});
