/**
 * Every message names the practice: carriers require the sender to be identified, and the FCC
 * healthcare exemption requires the provider's name. A reply inside a conversation the patient
 * started is a warning only.
 */
import type { LintRule } from "./types.js";

export const missingPracticeIdentificationRule: LintRule = ({ parsed, purpose }) => {
  if (parsed === undefined || parsed.variables.includes("practice.name")) return [];
  return [{
    rule: "missing-practice-identification",
    severity: purpose === "reply" ? "warning" : "error",
    message: "Name the practice so the patient knows who is texting: start with \"{{practice.name}}: \".",
  }];
};
