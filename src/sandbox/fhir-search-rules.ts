import type { OperationOutcome } from "@medplum/fhirtypes";

/**
 * Optional search rules the sandbox EHR can enforce, to stand in for servers stricter than plain
 * FHIR: "scoped" answers an Appointment search the way Oracle Health documents it, with 400 and an
 * OperationOutcome unless exactly one of `_id`, `patient`, `practitioner` or `location` is given
 * (and `date` only with one of the last three). "open" (the default) takes any search.
 */
export type SandboxSearchRules = "open" | "scoped";

const SCOPES = ["_id", "patient", "practitioner", "location"] as const;

/** Why the search breaks the rules, or undefined when it may run. */
export function searchRuleViolation(rules: SandboxSearchRules, resourceType: string | undefined, params: URLSearchParams): string | undefined {
  if (rules === "open" || resourceType !== "Appointment") return undefined;
  const given = SCOPES.filter((name) => params.has(name));
  if (given.length !== 1) return `Appointment search requires exactly one of ${SCOPES.join(", ")}; got ${given.length ? given.join(", ") : "none"}`;
  if (params.has("date") && given[0] === "_id") return "date cannot be combined with _id; use patient, practitioner or location";
  return undefined;
}

export function ruleOutcome(text: string): OperationOutcome {
  return { resourceType: "OperationOutcome", issue: [{ severity: "error", code: "invalid", diagnostics: text }] };
}
