import type { PhiLevel } from "../consent.js";
import type { TemplateLocale } from "../template-formatters.js";
import type { ParsedTemplate } from "../template-parse.js";

export const TEMPLATE_PURPOSES = [
  "appointment-reminder",
  "waitlist-offer",
  "payment-reminder",
  "broadcast",
  "consent-request",
  "reply",
  // Automation recipes (issue 17): what a practice's own recipe sends, named honestly for the audit.
  "booking-confirmation",
  "follow-up",
  "survey",
  "recall",
] as const;
export type TemplatePurpose = (typeof TEMPLATE_PURPOSES)[number];

export type LintRuleId =
  | "template-syntax"
  | "phi-always"
  | "phi-needs-authorization"
  | "unknown-variable"
  | "opt-out-keyword-conflict"
  | "prescription-drug"
  | "prohibited-content"
  | "public-url-shortener"
  | "missing-practice-identification"
  | "missing-opt-out-instructions"
  | "too-long"
  | "location-name-specialty";

export interface LintFinding { rule: LintRuleId; severity: "error" | "warning"; message: string }

export interface LintContext {
  body: string;
  purpose: TemplatePurpose;
  firstMessage: boolean;
  phiLevel: PhiLevel;
  locale: TemplateLocale;
  /** Undefined when the body does not parse; variable rules then have nothing to check. */
  parsed: ParsedTemplate | undefined;
  /** The literal text a patient reads, with every tag replaced by a space. */
  literalText: string;
  /** Age-gated SHAFT-C categories the practice lowered to warnings (lint.prohibitedContent). */
  loweredCategories: ReadonlySet<string>;
}

export type LintRule = (context: LintContext) => LintFinding[];
