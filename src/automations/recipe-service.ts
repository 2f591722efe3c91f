/**
 * Saving and switching recipes, for the console, the API and the config file alike: each save is a
 * new version (runs already started keep theirs), activation passes checkRecipe first, and every
 * change is written to the audit log with who made it. Saving an active recipe into a state that
 * fails the check turns it off, so no new run starts from a version that could not be activated.
 */
import { log } from "../log.js";
import type { Services } from "../runtime/services.js";
import { appendAudit } from "../store/audit-log.js";
import { getRecipe, RecipeNotFoundError, saveRecipeVersion, setRecipeActive } from "../store/automation-recipes.js";
import { checkRecipe, recipeHasErrors, type RecipeFinding } from "./check-recipe.js";
import type { Recipe, StoredRecipe } from "./recipe.js";

export const recipeSubjectRef = (id: string): string => `automation:${id}`;

const counts = (findings: readonly RecipeFinding[]) => ({ errors: findings.filter((f) => f.severity === "error").length, warnings: findings.filter((f) => f.severity === "warning").length });

/** The steps a refusal names, for the audit (ids only; the recipe as a whole is "recipe"). */
const refusedSteps = (findings: readonly RecipeFinding[]): string[] => [...new Set(findings.filter((f) => f.severity === "error").map((f) => f.stepId ?? "recipe"))];

async function audit(services: Services, by: string, action: string, id: string, decision: string, details: Record<string, string | number | boolean>, reasons: string[] = []): Promise<void> {
  await appendAudit(services.store, { actor: by, action, subjectRef: recipeSubjectRef(id), decision, reasons, details: { recipeId: id, ...details }, at: services.clock.now() });
  log.info(action, { recipeId: id, decision, ...details });
}

async function requireRecipe(services: Services, id: string): Promise<StoredRecipe> {
  const stored = await getRecipe(services.store, id);
  if (!stored) throw new RecipeNotFoundError(id);
  return stored;
}

/** Stores `recipe` as the next version (the first creates it, disabled) and returns what the check found. */
export async function saveRecipe(services: Services, id: string, recipe: Recipe, by: string, opts: { shipped?: boolean } = {}): Promise<{ stored: StoredRecipe; findings: RecipeFinding[] }> {
  const before = await getRecipe(services.store, id);
  const saved = await saveRecipeVersion(services.store, id, recipe, { by, at: services.clock.now(), ...(opts.shipped ? { shipped: true } : {}) });
  const findings = await checkRecipe(services, saved.recipe);
  const changed = saved.version !== before?.version;
  await audit(services, by, "automation.saved", id, changed ? "saved" : "unchanged", { version: saved.version, ...counts(findings) });
  if (saved.active && recipeHasErrors(findings)) {
    await setRecipeActive(services.store, id, false, services.clock.now());
    await audit(services, by, "automation.deactivated", id, "deactivated", { version: saved.version }, ["saved-with-errors", ...refusedSteps(findings)]);
    return { stored: await requireRecipe(services, id), findings };
  }
  return { stored: saved, findings };
}

/** Turns new runs on, only when the newest version passes the check; otherwise says why, step by step. */
export async function activateRecipe(services: Services, id: string, by: string): Promise<{ ok: true; stored: StoredRecipe } | { ok: false; findings: RecipeFinding[] }> {
  const stored = await requireRecipe(services, id);
  const findings = await checkRecipe(services, stored.recipe);
  if (recipeHasErrors(findings)) {
    await audit(services, by, "automation.activation_refused", id, "refused", { version: stored.version, ...counts(findings) }, refusedSteps(findings));
    return { ok: false, findings };
  }
  await setRecipeActive(services.store, id, true, services.clock.now());
  await audit(services, by, "automation.activated", id, "activated", { version: stored.version, warnings: counts(findings).warnings });
  return { ok: true, stored: await requireRecipe(services, id) };
}

/** Turns new runs off; runs already started finish on their own version. */
export async function deactivateRecipe(services: Services, id: string, by: string): Promise<StoredRecipe> {
  const stored = await requireRecipe(services, id);
  await setRecipeActive(services.store, id, false, services.clock.now());
  await audit(services, by, "automation.deactivated", id, "deactivated", { version: stored.version });
  return requireRecipe(services, id);
}
