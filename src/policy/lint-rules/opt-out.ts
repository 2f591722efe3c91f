/** Opt-out wording: keywords used for anything but opting out, and first messages without it. */
import { findReplyInstructions } from "./reply-instructions.js";
import type { LintFinding, LintRule } from "./types.js";

export const optOutKeywordConflictRule: LintRule = ({ literalText }) =>
  findReplyInstructions(literalText)
    .filter((instruction) => !instruction.optOut)
    .map((instruction): LintFinding => {
      const what = instruction.purpose === "" ? "without saying it opts out" : `"${instruction.purpose}"`;
      return {
        rule: "opt-out-keyword-conflict",
        severity: "error",
        message: `The template asks for a reply of ${instruction.keyword} ${what}, but carriers and minnow treat ${instruction.keyword} as an opt-out: the patient would be unsubscribed. Use another word (e.g. "Reply C to cancel your visit") and keep ${instruction.keyword} for "Reply STOP to opt out".`,
      };
    });

/** Purposes that start a conversation, where opt-out instructions are expected even when not first. */
const WARN_WITHOUT_OPT_OUT = new Set(["broadcast"]);

export const missingOptOutInstructionsRule: LintRule = ({ literalText, firstMessage, purpose }) => {
  if (findReplyInstructions(literalText).some((instruction) => instruction.optOut)) return [];
  const required = firstMessage || purpose === "consent-request";
  if (!required && !WARN_WITHOUT_OPT_OUT.has(purpose)) return [];
  return [{
    rule: "missing-opt-out-instructions",
    severity: required ? "error" : "warning",
    message: `${required ? "A first message" : "A broadcast"} must tell the patient how to opt out: add "Reply STOP to opt out." (in Spanish, "Responda STOP para no recibir más mensajes.").`,
  }];
};
