/** Variables against the PHI dictionary and the consent's PHI level (45 CFR 164.502(b)). */
import { knownVariables, phiVariable } from "../phi-dictionary.js";
import type { LintFinding, LintRule } from "./types.js";

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The known variable a typo most likely meant, if one is close. */
export function closestKnownVariable(path: string): string | undefined {
  let best: { path: string; distance: number } | undefined;
  for (const candidate of knownVariables()) {
    const distance = editDistance(path.toLowerCase(), candidate.path.toLowerCase());
    if (distance <= 3 && (best === undefined || distance < best.distance)) best = { path: candidate.path, distance };
  }
  return best?.path;
}

function findingFor(path: string, phiLevel: string): LintFinding | undefined {
  const entry = phiVariable(path);
  if (entry === undefined) {
    const suggestion = closestKnownVariable(path);
    const hint = suggestion ? `Did you mean {{${suggestion}}}? ` : "";
    return {
      rule: "unknown-variable",
      severity: "error",
      message: `{{${path}}} is not in the PHI dictionary, so it counts as always-PHI and will never be rendered. ${hint}Use a known variable, or add it to src/policy/data/phi-dictionary.json with its PHI class.`,
    };
  }
  if (entry.class === "always") {
    return {
      rule: "phi-always",
      severity: "error",
      message: `Remove {{${path}}}: it is always PHI and is never sent by SMS. Say "your appointment" or "your balance" and point to {{links.portal}} for details.`,
    };
  }
  if (entry.class === "sometimes" && phiLevel === "none") {
    return {
      rule: "phi-needs-authorization",
      severity: "error",
      message: `{{${path}}} identifies the patient in context and needs the patient's authorization (consent phiLevel "minimal"). Remove it, or lint and send this template only for consents at phiLevel "minimal".`,
    };
  }
  return undefined;
}

export const phiVariablesRule: LintRule = ({ parsed, phiLevel }) =>
  (parsed?.variables ?? []).map((path) => findingFor(path, phiLevel)).filter((finding): finding is LintFinding => finding !== undefined);
