import type { PracticeConfig } from "../config/practice.js";
import type { ResolvedLocation } from "../locations/resolve-location.js";
import type { ConsentScope, PhiLevel } from "../policy/consent.js";
import { lintTemplate, type LintResult } from "../policy/lint-template.js";
import { renderTemplate } from "../policy/template-render.js";
import type { Services } from "../runtime/services.js";
import type { TemplateId } from "./default-templates.js";
import { decideAndSend, type OutreachResult } from "./send-outreach.js";
import { practiceValues, renderMessage, templateLanguage, type RenderedMessage } from "./templates.js";

/**
 * A staff member's answer to a patient who wrote in, from the console inbox: a built-in
 * template, or their own words. It takes the same path as every other text (decideAndSend):
 * quiet hours, consent and STOP hold; only the frequency caps step aside, as for any reply.
 *
 * Own words are treated as a one-off template: prefixed with the practice's name when they do
 * not start with it (carriers want the sender named), linted like any template (carrier opt-out
 * words, prescription drugs, SHAFT-C, shorteners, length), and rendered with the practice's own
 * details only, so `{{practice.phone}}` works and no patient field can be pulled in.
 */
export const STAFF_ANSWER_PURPOSE = "staff-reply";

export type StaffAnswerContent = { text: string } | { templateId: TemplateId };

export interface StaffAnswerRequest {
  patientRef: string;
  scope: ConsentScope;
  content: StaffAnswerContent;
  effectKey: string;
  /** "staff:<id>": who wrote it, for the audit. */
  actor: string;
  /** The inbox message it answers. */
  subjectRef: string;
  /** The location whose number the patient wrote to: the answer goes out from it and names it. */
  location?: ResolvedLocation;
}

/** The text the patient will read: the practice's name first. */
export function staffTextBody(config: PracticeConfig, text: string): string {
  const trimmed = text.trim();
  return trimmed.toLowerCase().startsWith(config.practice.name.toLowerCase()) ? trimmed : `{{practice.name}}: ${trimmed}`;
}

/** The lint staff see as they type, and the check a send repeats. */
export function lintStaffText(config: PracticeConfig, text: string): LintResult {
  return lintTemplate({ body: staffTextBody(config, text), purpose: "reply", firstMessage: false }, { phiLevel: "none" });
}

function renderStaffText(config: PracticeConfig, text: string, phiLevel: PhiLevel, language: string | null): RenderedMessage {
  const lint = lintStaffText(config, text);
  if (!lint.ok) return { ok: false, reasons: lint.findings.filter((f) => f.severity === "error").map((f) => `lint:${f.rule}`) };
  const result = renderTemplate({ body: staffTextBody(config, text) }, { practice: practiceValues(config) }, { phiLevel, locale: templateLanguage(language), timeZone: config.practice.timeZone, channel: "sms" });
  if (!result.ok) return { ok: false, reasons: result.refused.map((r) => `${STAFF_ANSWER_PURPOSE}:${r.variable}:${r.reason}`) };
  return { ok: true, body: result.body, variant: `${STAFF_ANSWER_PURPOSE}.text`, variables: result.variables };
}

export function sendStaffAnswer(services: Services, req: StaffAnswerRequest): Promise<OutreachResult> {
  const { content, ...rest } = req;
  return decideAndSend(services, {
    req: rest,
    purpose: STAFF_ANSWER_PURPOSE,
    kind: "answer",
    render: (phiLevel, language) =>
      "text" in content ? renderStaffText(services.config, content.text, phiLevel, language) : renderMessage(services.config, { templateId: content.templateId, language, phiLevel, values: {}, ...(rest.location ? { location: rest.location } : {}) }),
  });
}
