import type { RecipeStep, RecipeTrigger } from "../../../src/automations/recipe.js";
import type { Services } from "../../../src/runtime/services.js";
import { saveRecipeVersion, setRecipeActive } from "../../../src/store/automation-recipes.js";
import { recipeRunHistory, type AutomationRun } from "../../../src/store/automation-runs.js";
import { recipeWith } from "../../automations/recipe-fixtures.js";

/**
 * Three recipes around one trigger, for proving who a trigger starts: `listening` (active, on the
 * trigger), `inactive` (on the same trigger, never turned on) and `neighbour` (active, on another
 * trigger). Each sends one text of its own, so a text in the outbox names the recipe that sent it.
 */
export const TRIGGER_RECIPES = ["listening", "inactive", "neighbour"] as const;
export type TriggerRecipeId = (typeof TRIGGER_RECIPES)[number];

export const textOf = (id: TriggerRecipeId): string => `{{practice.name}}: note from the ${id} recipe. Reply STOP to opt out.`;

export async function saveTriggerRecipes(services: Services, trigger: RecipeTrigger, neighbour: RecipeTrigger, purpose: Extract<RecipeStep, { kind: "send" }>["purpose"] = "follow-up"): Promise<void> {
  const at = services.clock.now();
  for (const id of TRIGGER_RECIPES) {
    const steps: RecipeStep[] = [{ id: "send-1", kind: "send", purpose, template: { en: textOf(id) } }];
    await saveRecipeVersion(services.store, id, recipeWith(steps, { name: `The ${id} recipe`, trigger: id === "neighbour" ? neighbour : trigger }), { by: "test", at });
    if (id !== "inactive") await setRecipeActive(services.store, id, true, at);
  }
}

/** How many runs each of the three recipes has. */
export async function runCounts(services: Services): Promise<Record<TriggerRecipeId, number>> {
  const counts = { listening: 0, inactive: 0, neighbour: 0 };
  for (const id of TRIGGER_RECIPES) counts[id] = (await recipeRunHistory(services.store, id)).length;
  return counts;
}

export function listeningRuns(services: Services): Promise<AutomationRun[]> {
  return recipeRunHistory(services.store, "listening");
}

/** The recipes' texts among what went to this phone, by recipe id ("other" for any other text). */
export function recipeTextsTo(sent: ReadonlyArray<{ to: string; body: string }>, phone: string): string[] {
  return sent.filter((m) => m.to === phone).map((m) => TRIGGER_RECIPES.find((id) => m.body.includes(`note from the ${id} recipe`)) ?? "other");
}
