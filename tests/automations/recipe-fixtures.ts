import type { Recipe, RecipeSimpleStep, RecipeStep } from "../../src/automations/recipe.js";
import { RecipeSchema } from "../../src/automations/recipe.js";

/** A recipe that passes every check on the sandbox: one first message with the practice's name and STOP. */
export const CLEAN_TEXT = "{{practice.name}}: We missed you today. Reply R to rebook. Reply STOP to opt out.";

export function recipeWith(steps: RecipeStep[], extra: Partial<Pick<Recipe, "conditions" | "trigger" | "name">> = {}): Recipe {
  return RecipeSchema.parse({ name: extra.name ?? "Test recipe", trigger: extra.trigger ?? { on: "appointment.no_show" }, conditions: extra.conditions ?? {}, steps });
}

export const sendStep = (id: string, en: string, purpose: Extract<RecipeStep, { kind: "send" }>["purpose"] = "follow-up"): RecipeSimpleStep => ({ id, kind: "send", purpose, template: { en } });

export const emitStep = (id: string, fields: Array<"appointment.start" | "location.name" | "patient.firstName" | "patient.phone">): RecipeSimpleStep => ({ id, kind: "emit", event: "no_show_noted", fields });
