import type { PracticeConfig } from "../../config/practice.js";
import { lintStaffText, staffTextBody } from "../../messaging/send-staff-answer.js";
import { practiceValues } from "../../messaging/templates.js";
import type { LintFinding } from "../../policy/lint-rules/types.js";
import { nonGsmCharacters, smsSegments, type SmsSegments } from "../../policy/sms-segments.js";
import { renderTemplate } from "../../policy/template-render.js";

/**
 * What staff see under the reply box as they type: the carrier-rule findings from the same lint
 * every template passes, exactly what the patient will read, and how many texts it makes.
 */
export interface StaffTextCheck {
  ok: boolean;
  findings: LintFinding[];
  preview: string | null;
  segments: SmsSegments | null;
  /** Characters that force the slower UCS-2 encoding (70 characters a text). */
  specialCharacters: string[];
}

export function checkStaffText(config: PracticeConfig, text: string): StaffTextCheck {
  const lint = lintStaffText(config, text);
  let preview: string | null = null;
  if (!lint.findings.some((f) => f.rule === "template-syntax")) {
    const rendered = renderTemplate({ body: staffTextBody(config, text) }, { practice: practiceValues(config) }, { phiLevel: "none", timeZone: config.practice.timeZone, channel: "sms" });
    preview = rendered.ok ? rendered.body : null;
  }
  return {
    ok: lint.ok,
    findings: lint.findings,
    preview,
    segments: preview === null ? null : smsSegments(preview),
    specialCharacters: preview === null ? [] : nonGsmCharacters(preview),
  };
}

/** The first thing to fix, as the error beside the field on a refused send. */
export function firstProblem(check: StaffTextCheck): string | undefined {
  const error = check.findings.find((f) => f.severity === "error");
  return error ? `Fix this before sending: ${error.message}` : undefined;
}
