/**
 * The template lint of a recipe's send steps: every language's text, linted for SMS and the step's
 * purpose with the same rules as the practice's own templates. A text that answers the patient's
 * reply is not a first message; every other one is, so it must say how to opt out.
 */
import type { PracticeConfig } from "../config/practice.js";
import { practiceValues } from "../messaging/templates.js";
import type { LintFinding, LintRuleId } from "../policy/lint-rules/types.js";
import { lintTemplate } from "../policy/lint-template.js";
import { parseTemplate, TemplateSyntaxError } from "../policy/template-parse.js";
import type { RecipeFinding } from "./check-recipe.js";
import type { Recipe, RecipeStep } from "./recipe.js";
import { recipeSteps, stepLabel } from "./recipe-steps.js";

type SendStep = Extract<RecipeStep, { kind: "send" }>;

const LANGUAGE_NAMES: Record<string, string> = { en: "English", es: "Spanish" };

/** What to do about each lint rule, in the words the step editor uses. */
const FIXES: Record<LintRuleId, string> = {
  "template-syntax": "Fix the tag so it reads {{path}} or {{path | formatter}}.",
  "phi-always": "Take the variable out of the text: say \"your appointment\" and let the patient call or sign in for details.",
  "phi-needs-authorization": "Keep it if patients who have not allowed details by text may go without this text; otherwise take the variable out.",
  "unknown-variable": "Use a variable from the PHI dictionary (README, \"Templates\"), spelt as listed.",
  "opt-out-keyword-conflict": "Use another reply word (R to rebook, C to confirm) and keep STOP for opting out.",
  "prescription-drug": "Do not name the medicine: say \"your prescription is ready\".",
  "prohibited-content": "Reword the text without the restricted words.",
  "public-url-shortener": "Give the full link on the practice's own domain.",
  "missing-practice-identification": "Start the text with {{practice.name}}: so the patient knows who writes.",
  "missing-opt-out-instructions": "End the text with \"Reply STOP to opt out.\"",
  "too-long": "Shorten the text.",
  "location-name-specialty": "Rename the location in the practice config, or leave {{location.name}} out of the text.",
};

const SOMETIMES_WARNING = "is sent only to patients who allowed details by text (consent phiLevel minimal); this step sends nothing to the others";

function stepFinding(step: SendStep, language: string, finding: LintFinding): RecipeFinding {
  const where = `${stepLabel(step)}, ${LANGUAGE_NAMES[language] ?? language} text`;
  if (finding.rule === "phi-needs-authorization") {
    const variable = /\{\{[^}]+\}\}/.exec(finding.message)?.[0] ?? "a detail";
    return { stepId: step.id, severity: "warning", message: `${where}: ${variable} ${SOMETIMES_WARNING}.`, fix: FIXES[finding.rule] };
  }
  return { stepId: step.id, severity: finding.severity, message: `${where}: ${finding.message}`, fix: FIXES[finding.rule] };
}

function variablesOf(body: string): string[] {
  try {
    return parseTemplate(body).variables;
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return []; // lint reports the syntax
    throw error;
  }
}

/** A {{practice.…}} variable whose value the practice config does not set would leave the text unsendable. */
function missingPracticeValues(config: PracticeConfig, step: SendStep, language: string, body: string): RecipeFinding[] {
  const values = practiceValues(config);
  return variablesOf(body)
    .filter((path) => path.startsWith("practice.") && Object.hasOwn(values, path.slice("practice.".length)) && values[path.slice("practice.".length)] === undefined)
    .map((path) => ({
      stepId: step.id,
      severity: "error" as const,
      message: `${stepLabel(step)}, ${LANGUAGE_NAMES[language] ?? language} text: {{${path}}} has no value, so this text could never be sent.`,
      fix: `Set ${path} in the practice config, or take {{${path}}} out of the text.`,
    }));
}

export function lintRecipeTexts(config: PracticeConfig, recipe: Recipe): RecipeFinding[] {
  const lowered = config.lint.prohibitedContent?.categories ?? [];
  return recipeSteps(recipe).flatMap(({ step, place }) => {
    if (step.kind !== "send") return [];
    return Object.entries(step.template).flatMap(([language, body]) => {
      if (typeof body !== "string") return [];
      const result = lintTemplate({ body, purpose: step.purpose, firstMessage: place !== "reply-branch" }, { phiLevel: "none", locale: language, prohibitedContentLowered: lowered });
      return [...result.findings.map((finding) => stepFinding(step, language, finding)), ...missingPracticeValues(config, step, language, body)];
    });
  });
}
