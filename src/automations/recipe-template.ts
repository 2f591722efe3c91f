import type { PracticeConfig } from "../config/practice.js";
import type { ResolvedLocation } from "../locations/resolve-location.js";
import type { PhiLevel } from "../policy/consent.js";
import type { TemplateLocale } from "../policy/template-formatters.js";
import { renderTemplate } from "../policy/template-render.js";
import { practiceValues, type RenderedMessage } from "../messaging/templates.js";
import type { RecipeStep } from "./recipe.js";

export type SendStep = Extract<RecipeStep, { kind: "send" }>;

/** The body's language: the patient's own when the step has a body in it, English otherwise. */
export function recipeLanguage(step: SendStep, language: string | null | undefined): TemplateLocale {
  const base = (language ?? "en").toLowerCase().split(/[-_]/)[0] as TemplateLocale;
  return step.template[base] ? base : "en";
}

/**
 * Renders a recipe's send step at the PHI level the consent allows, in the patient's language,
 * with times in the location's zone. A body that needs more than the level allows is refused
 * (the render names the variable), never sent with the detail stripped.
 */
export function renderRecipeText(
  config: PracticeConfig,
  step: SendStep,
  req: { recipeId: string; phiLevel: PhiLevel; language: string | null; values: Record<string, unknown>; location: ResolvedLocation },
): RenderedMessage {
  const locale = recipeLanguage(step, req.language);
  const body = step.template[locale] ?? step.template.en;
  const { location } = req;
  const values = { ...req.values, practice: practiceValues(config), location: { name: location.name, phone: location.phone, hours: location.hours } };
  const result = renderTemplate({ body }, values, { phiLevel: req.phiLevel, locale, timeZone: location.timeZone, channel: "sms" });
  const variant = `automation:${req.recipeId}:${step.id}.${locale}`;
  if (result.ok) return { ok: true, body: result.body, variant, variables: result.variables };
  return { ok: false, reasons: result.refused.map((r) => `${variant}:${r.variable}:${r.reason}`) };
}
