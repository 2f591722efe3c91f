/**
 * What the store holds at start: the shipped examples (stored once, disabled) and the recipes of the
 * config file's `automations:`, each stored as a version by "config-file" when the file's definition
 * differs from what the file last gave (a console edit made since stays in force until the file
 * changes, as with the practice config). `active` in the file is applied at every start, through
 * the same check as the console: a recipe the file turns on that fails the check refuses the start,
 * naming the automation, the step and the fix, as a template that fails lint does.
 */
import { ConfigError } from "../config/env.js";
import type { PracticeConfig } from "../config/practice.js";
import { log } from "../log.js";
import { CONFIG_FILE_ACTOR } from "../runtime/create-config.js";
import type { Services } from "../runtime/services.js";
import { getRecipe } from "../store/automation-recipes.js";
import { RecipeSchema, type Recipe } from "./recipe.js";
import { activateRecipe, deactivateRecipe, saveRecipe } from "./recipe-service.js";
import { SHIPPED_RECIPES } from "./shipped-recipes.js";

export const SHIPPED_ACTOR = "minnow:shipped";

/** Stores each shipped recipe the store does not hold yet, disabled. Returns the ids stored. */
export async function seedShippedRecipes(services: Services): Promise<string[]> {
  const stored: string[] = [];
  for (const [id, recipe] of Object.entries(SHIPPED_RECIPES)) {
    if (await getRecipe(services.store, id)) continue;
    await saveRecipe(services, id, recipe, SHIPPED_ACTOR, { shipped: true });
    stored.push(id);
  }
  return stored;
}

/** The definition the config file last stored for this recipe, or null. */
async function lastFromFile(services: Services, id: string): Promise<string | null> {
  const row = await services.store.db
    .selectFrom("automation_recipe_versions")
    .select("definition")
    .where("recipe_id", "=", id)
    .where("created_by", "=", CONFIG_FILE_ACTOR)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? JSON.stringify(RecipeSchema.parse(JSON.parse(row.definition))) : null;
}

type Entry = PracticeConfig["automations"][number];

function recipeOf(entry: Entry): Recipe {
  const { id: _id, active: _active, ...recipe } = entry;
  return RecipeSchema.parse(recipe);
}

/** Seeds the config file's automations; throws a ConfigError listing each one it could not turn on. */
export async function seedConfigRecipes(services: Services, entries: readonly Entry[]): Promise<void> {
  const refusals: string[] = [];
  for (const [index, entry] of entries.entries()) {
    const recipe = recipeOf(entry);
    if ((await lastFromFile(services, entry.id)) !== JSON.stringify(recipe)) await saveRecipe(services, entry.id, recipe, CONFIG_FILE_ACTOR);
    const current = await getRecipe(services.store, entry.id);
    if (entry.active === false && current?.active) await deactivateRecipe(services, entry.id, CONFIG_FILE_ACTOR);
    if (entry.active !== true || current?.active) continue;
    const result = await activateRecipe(services, entry.id, CONFIG_FILE_ACTOR);
    if (result.ok) continue;
    for (const finding of result.findings.filter((f) => f.severity === "error")) refusals.push(`  automations.${index} (${entry.id}): ${finding.message} Fix: ${finding.fix}`);
  }
  if (refusals.length) {
    throw new ConfigError(`Automations the practice config turns on (active: true) fail their check:\n${refusals.join("\n")}\nFix them, or set active: false to keep them stored but off (see README, "Automations").`);
  }
}

/** The main job's start: the shipped examples, then the config file's automations (which may override one by id). */
export async function seedRecipesAtStart(services: Services): Promise<void> {
  const shipped = await seedShippedRecipes(services);
  if (shipped.length) log.info("automations.shipped_seeded", { recipes: shipped });
  await seedConfigRecipes(services, services.config.automations);
}
