import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { seedConfigRecipes } from "../../src/automations/seed-recipes.js";
import { recipeSubjectRef, saveRecipe } from "../../src/automations/recipe-service.js";
import { ConfigError } from "../../src/config/env.js";
import { parsePracticeConfig, parsePracticeConfigYaml } from "../../src/config/practice.js";
import { setLogLevel } from "../../src/log.js";
import { createServices, type RuntimeServices } from "../../src/runtime/create-services.js";
import { listAudit } from "../../src/store/audit-log.js";
import { getRecipe, listRecipes } from "../../src/store/automation-recipes.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";
import { fencedBlocks, section } from "../readme/readme-names.js";
import { tempDir, testEnv, type TempDir } from "../runtime/helpers.js";
import { CLEAN_TEXT, recipeWith, sendStep } from "./recipe-fixtures.js";

let services: TestServices | undefined;
let runtime: RuntimeServices | undefined;
let dir: TempDir | undefined;
beforeAll(() => setLogLevel("silent"));
afterAll(() => setLogLevel("info"));
afterEach(async () => {
  await services?.dispose();
  await runtime?.close();
  dir?.cleanup();
  services = runtime = dir = undefined;
});

const entry = (text: string, extra: Record<string, unknown> = {}) => ({
  id: "no-show-text",
  name: "No-show text",
  trigger: { on: "appointment.no_show" },
  steps: [{ id: "send-1", kind: "send", purpose: "follow-up", template: { en: text } }],
  ...extra,
});
const REASON_TEXT = "{{practice.name}}: About your {{appointment.reason}} visit. Reply STOP to opt out.";

const automationsOf = (raw: unknown[]) => parsePracticeConfig({ automations: raw }).automations;

describe("automations: in the practice config", () => {
  it("validates each entry like a recipe, with the path and the fix", () => {
    expect(automationsOf([entry(CLEAN_TEXT)])[0]).toMatchObject({ id: "no-show-text", conditions: {}, description: "" });
    expect(() => automationsOf([entry(CLEAN_TEXT, { id: "No Show" })])).toThrow(/automations\.0\.id: must be lower-case letters/);
    expect(() => automationsOf([entry(CLEAN_TEXT, { colour: "red" })])).toThrow(/automations\.0.*colour/);
    expect(() => automationsOf([entry(CLEAN_TEXT, { trigger: { on: "schedule", cron: "daily" } })])).toThrow(/automations\.0\.trigger\.cron: cron must have five fields/);
    expect(() => automationsOf([entry(CLEAN_TEXT), entry(CLEAN_TEXT)])).toThrow(/automations: two automations share an id/);
  });

  it("stores a recipe as a version by config-file, adds none when the file is unchanged, and keeps a console edit until the file changes", async () => {
    const s = (services = await openTestServices());
    await seedConfigRecipes(s, automationsOf([entry(CLEAN_TEXT)]));
    await seedConfigRecipes(s, automationsOf([entry(CLEAN_TEXT)]));
    expect(await getRecipe(s.store, "no-show-text")).toMatchObject({ version: 1, active: false, shipped: false });
    const consoleText = CLEAN_TEXT.replace("today", "this morning");
    await saveRecipe(s, "no-show-text", recipeWith([sendStep("send-1", consoleText)], { name: "No-show text" }), "staff:mgr-1");
    await seedConfigRecipes(s, automationsOf([entry(CLEAN_TEXT)]));
    expect(await getRecipe(s.store, "no-show-text")).toMatchObject({ version: 2, recipe: { steps: [{ template: { en: consoleText } }] } });
    await seedConfigRecipes(s, automationsOf([entry(CLEAN_TEXT.replace("today", "earlier"))]));
    expect((await getRecipe(s.store, "no-show-text"))?.version).toBe(3);
    expect((await listAudit(s.store, recipeSubjectRef("no-show-text"))).map((r) => r.actor)).toEqual(["config-file", "staff:mgr-1", "config-file"]);
  });

  it("turns a recipe on through the check when the file says active: true, and off when it says false", async () => {
    const s = (services = await openTestServices());
    await seedConfigRecipes(s, automationsOf([entry(CLEAN_TEXT, { active: true })]));
    expect((await getRecipe(s.store, "no-show-text"))?.active).toBe(true);
    await seedConfigRecipes(s, automationsOf([entry(CLEAN_TEXT)]));
    expect((await getRecipe(s.store, "no-show-text"))?.active).toBe(true);
    await seedConfigRecipes(s, automationsOf([entry(CLEAN_TEXT, { active: false })]));
    expect((await getRecipe(s.store, "no-show-text"))?.active).toBe(false);
  });

  it("refuses the start when the file turns on a recipe that fails its check, naming the automation, the step and the fix", async () => {
    const s = (services = await openTestServices());
    const refusal = seedConfigRecipes(s, automationsOf([entry(CLEAN_TEXT), entry(REASON_TEXT, { id: "reason-text", active: true })]));
    await expect(refusal).rejects.toBeInstanceOf(ConfigError);
    await expect(seedConfigRecipes(s, automationsOf([entry(REASON_TEXT, { id: "reason-text", active: true })]))).rejects.toThrow(
      /automations\.0 \(reason-text\): Step "send-1" \(send a text\), English text: Remove \{\{appointment\.reason\}\}.* Fix: Take the variable out/,
    );
    // Stored, so the console shows it, but off.
    expect((await getRecipe(s.store, "reason-text"))?.active).toBe(false);
  });

  it("at the main job's start: seeds the four shipped recipes disabled, then the file's, and refuses a failing active one", async () => {
    dir = tempDir();
    const ok = tempDir();
    try {
      runtime = await createServices({ env: testEnv({ DATA_DIR: ok.dir, MINNOW_CONFIG: ok.writeConfig({ automations: [entry(CLEAN_TEXT, { active: true })] }) }), workflows: () => ({}) });
      expect((await listRecipes(runtime.services.store)).map((r) => [r.id, r.active, r.shipped])).toEqual([
        ["annual-recall", false, true],
        ["booking-confirmation", false, true],
        ["no-show-follow-up", false, true],
        ["no-show-text", true, false],
        ["post-visit-survey", false, true],
      ]);
      await runtime.close();
      runtime = undefined;
    } finally {
      ok.cleanup();
    }
    const failing = createServices({ env: testEnv({ DATA_DIR: dir.dir, MINNOW_CONFIG: dir.writeConfig({ automations: [entry(REASON_TEXT, { active: true })] }) }), workflows: () => ({}) });
    await expect(failing).rejects.toThrow(/automations\.0 \(no-show-text\): Step "send-1"/);
  });
});

describe("the README's automations example", () => {
  it("is a valid config whose recipe turns on at the start", async () => {
    const [example] = fencedBlocks(section("## Automations"), "yaml");
    const config = parsePracticeConfig(parsePracticeConfigYaml(example ?? "", "README"), "README");
    expect(config.automations.map((a) => [a.id, a.active])).toEqual([["post-visit-survey", true]]);
    const s = (services = await openTestServices({ config: parsePracticeConfigYaml(example ?? "", "README") }));
    await seedConfigRecipes(s, s.config.automations);
    expect(await getRecipe(s.store, "post-visit-survey")).toMatchObject({ active: true, version: 1 });
  });
});
