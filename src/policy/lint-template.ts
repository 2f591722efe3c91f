/**
 * Lints a template at config load, not at send time: PHI against the consent level, carrier
 * rules (opt-out keywords, prescription drugs, SHAFT-C, public shorteners), identification,
 * opt-out instructions and length. ok is false when any finding is an error.
 */
import type { PhiLevel } from "./consent.js";
import { optOutKeywordConflictRule, missingOptOutInstructionsRule } from "./lint-rules/opt-out.js";
import { prescriptionDrugRule, prohibitedContentRule, publicUrlShortenerRule } from "./lint-rules/content.js";
import { missingPracticeIdentificationRule } from "./lint-rules/identification.js";
import { phiVariablesRule } from "./lint-rules/phi-variables.js";
import { tooLongRule } from "./lint-rules/too-long.js";
import type { LintContext, LintFinding, LintRule, TemplatePurpose } from "./lint-rules/types.js";
import { resolveTemplateLocale } from "./template-formatters.js";
import { parseTemplate, TemplateSyntaxError, type ParsedTemplate } from "./template-parse.js";

export interface LintTemplateInput { body: string; purpose: TemplatePurpose; firstMessage?: boolean }
export interface LintTemplateOptions {
  phiLevel?: PhiLevel;
  locale?: string;
  /** Age-gated SHAFT-C categories (alcohol, firearms, tobacco) the practice lowered to warnings; others stay errors. */
  prohibitedContentLowered?: readonly string[];
}
export interface LintResult { ok: boolean; findings: LintFinding[] }

const RULES: readonly LintRule[] = [
  phiVariablesRule,
  optOutKeywordConflictRule,
  prescriptionDrugRule,
  prohibitedContentRule,
  publicUrlShortenerRule,
  missingPracticeIdentificationRule,
  missingOptOutInstructionsRule,
  tooLongRule,
];

function tryParse(body: string): { parsed: ParsedTemplate } | { error: TemplateSyntaxError } {
  try {
    return { parsed: parseTemplate(body) };
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return { error };
    throw new Error("Template parsing failed unexpectedly", { cause: error });
  }
}

/** The text a patient reads: tags become a space so words on either side never join. */
function literalTextOf(body: string): string {
  return body.replace(/\{\{[^{}]*\}\}/g, " ");
}

export function lintTemplate(template: LintTemplateInput, options: LintTemplateOptions = {}): LintResult {
  const attempt = tryParse(template.body);
  const syntax: LintFinding[] = "error" in attempt
    ? [{ rule: "template-syntax", severity: "error", message: `${attempt.error.message}. Fix the tag so it reads {{path}} or {{path | formatter}}.` }]
    : [];
  const context: LintContext = {
    body: template.body,
    purpose: template.purpose,
    firstMessage: template.firstMessage ?? false,
    phiLevel: options.phiLevel ?? "none",
    locale: resolveTemplateLocale(options.locale),
    parsed: "parsed" in attempt ? attempt.parsed : undefined,
    literalText: literalTextOf(template.body),
    loweredCategories: new Set(options.prohibitedContentLowered ?? []),
  };
  const findings = [...syntax, ...RULES.flatMap((rule) => rule(context))];
  return { ok: !findings.some((finding) => finding.severity === "error"), findings };
}
