/**
 * The check a recipe passes before it may run (lint at save): every send step's texts through the
 * template lint for SMS and the step's purpose, and every step's data flow through the BAA boundary
 * (recipe-boundary.ts). An error blocks activation; each finding names the step and the fix in
 * plain words, so the console and the API can show it as is.
 */
import type { Services } from "../runtime/services.js";
import { recipeBoundaryFindings } from "./recipe-boundary.js";
import { lintRecipeTexts } from "./recipe-lint.js";
import type { Recipe } from "./recipe.js";

export interface RecipeFinding {
  /** The step it is about; null for the recipe as a whole (its trigger or conditions). */
  stepId: string | null;
  severity: "error" | "warning";
  message: string;
  fix: string;
}

export async function checkRecipe(services: Services, recipe: Recipe): Promise<RecipeFinding[]> {
  return [...lintRecipeTexts(services.config, recipe), ...(await recipeBoundaryFindings(services, recipe))];
}

export function recipeHasErrors(findings: readonly RecipeFinding[]): boolean {
  return findings.some((finding) => finding.severity === "error");
}
