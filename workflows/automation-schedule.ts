import { parseCron, previousFireAtOrBefore } from "../src/engine/cron.js";
import { errorKind, log } from "../src/log.js";
import type { Services } from "../src/runtime/services.js";
import { activeRecipesFor } from "../src/store/automation-recipes.js";
import { startRecipeRuns, type AutomationRunWorkflow } from "./automation-triggers.js";

/**
 * Schedule-triggered recipes (an annual recall), fired from the sync cron: each active recipe
 * whose cron fired since the look-back starts one run per patient minnow has a contact for, keyed
 * by the firing, so overlapping syncs start each run once. The run's own conditions (last visit,
 * language, …) decide, inside its first step, whether the patient is one it is for.
 */
export function scheduleLookbackMs(intervalMinutes: number): number {
  return Math.max(15, 2 * intervalMinutes) * 60_000;
}

export async function fireScheduledRecipes(services: Services, automationRun: AutomationRunWorkflow, lookbackMs: number): Promise<number> {
  const now = services.clock.now();
  const fired: Array<{ id: string; at: Date }> = [];
  for (const stored of await activeRecipesFor(services.store, "schedule")) {
    if (stored.recipe.trigger.on !== "schedule") continue;
    try {
      const at = previousFireAtOrBefore(parseCron(stored.recipe.trigger.cron, services.config.practice.timeZone), now);
      if (now.getTime() - at.getTime() < lookbackMs) fired.push({ id: stored.id, at });
    } catch (err) {
      log.warn("automation.schedule_unreadable", { recipeId: stored.id, errorKind: errorKind(err) });
    }
  }
  if (fired.length === 0) return 0;
  const patients = await services.store.db.selectFrom("contacts").select("patient_ref").orderBy("patient_ref").execute();
  let started = 0;
  for (const { id, at } of fired) {
    for (const { patient_ref } of patients) started += await startRecipeRuns(services, automationRun, { kind: "schedule", subjectRef: patient_ref, occurrence: at.getTime() }, { only: new Set([id]) });
  }
  log.info("automation.schedule_fired", { recipes: fired.length, patients: patients.length, started });
  return started;
}
