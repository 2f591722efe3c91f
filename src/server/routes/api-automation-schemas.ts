/** The shapes /api/automations reads and answers with, documented in the OpenAPI document. */
import { z } from "@hono/zod-openapi";
import type { RecipeFinding } from "../../automations/check-recipe.js";
import { RecipeSchema, type StoredRecipe } from "../../automations/recipe.js";
import { RECIPE_ID_PATTERN } from "../../store/automation-recipes.js";

const recipeId = z.string().regex(RECIPE_ID_PATTERN, "must be lower-case letters, digits and dashes, like no-show-follow-up").openapi({ example: "no-show-follow-up" });

export const FindingSchema = z
  .object({
    stepId: z.string().nullable().openapi({ description: "The step it is about; null for the recipe as a whole (trigger or conditions).", example: "send-1" }),
    severity: z.enum(["error", "warning"]).openapi({ description: "An error blocks activation; a warning does not." }),
    message: z.string().openapi({ example: 'Step "send-1" (send a text), English text: Remove {{appointment.reason}}: it is always PHI and is never sent by SMS.' }),
    fix: z.string().openapi({ example: "Take the variable out of the text: say \"your appointment\" and let the patient call or sign in for details." }),
  })
  .openapi("RecipeFinding");

export const AutomationSchema = z
  .object({
    id: recipeId,
    version: z.number().int().openapi({ description: "The newest version; runs keep the version they started with.", example: 2 }),
    active: z.boolean().openapi({ description: "Whether new runs start from it." }),
    shipped: z.boolean().openapi({ description: "One of the examples minnow ships (stored disabled)." }),
    updatedAt: z.string().openapi({ format: "date-time" }),
    recipe: RecipeSchema,
    findings: z.array(FindingSchema).openapi({ description: "What the check finds in the newest version now." }),
  })
  .openapi("Automation");

export const CreateAutomationSchema = z.strictObject({ id: recipeId, recipe: RecipeSchema }).openapi("AutomationCreate");
export const UpdateAutomationSchema = z.strictObject({ recipe: RecipeSchema }).openapi("AutomationUpdate");

export const AutomationIdParams = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: "id", in: "path" }, example: "no-show-follow-up" }) });

export const RECIPE_CHECK_FAILED = "recipe-check-failed";

export function automationView(stored: StoredRecipe, findings: readonly RecipeFinding[]) {
  return { id: stored.id, version: stored.version, active: stored.active, shipped: stored.shipped, updatedAt: stored.updatedAt.toISOString(), recipe: stored.recipe, findings: [...findings] };
}
