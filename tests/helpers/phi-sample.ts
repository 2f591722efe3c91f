import { knownVariables, phiClassOf } from "../../src/policy/phi-dictionary.js";

/**
 * Checks a connector trigger's sample carries no PHI, two ways against the PHI dictionary:
 * - by field: no key may name a dictionary variable that is PHI ("sometimes" or "always"),
 *   e.g. start, end, phone, firstName, dob, amount, whatever entity it hangs off;
 * - by value: every value is an opaque ref, a provider SID, or a short code.
 */
const PHI_FIELD_NAMES = new Set(
  knownVariables()
    .filter((v) => phiClassOf(v.path) !== "never")
    .map((v) => (v.path.split(".").pop() ?? v.path).toLowerCase()),
);
const REF = /^([A-Z][A-Za-z]+\/example-\d+|[a-z][a-z0-9-]*:[A-Za-z0-9-]+)$/;
const SID = /^[A-Z]{2}[0-9a-f]{32}$/;
const CODE = /^[a-z][a-z0-9._-]{0,31}$/;
const SHORT_ID = /^\d{1,7}$/;

export const phiFieldNames = (): string[] => [...PHI_FIELD_NAMES];

function namesPhiField(path: string): string | undefined {
  const key = (path.split(".").pop() ?? path).replace(/\[\d+\]$/, "").toLowerCase();
  return [...PHI_FIELD_NAMES].find((name) => key === name || key.endsWith(name));
}

function leaves(value: unknown, path = ""): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  }
  return [[path, value]];
}

export function phiProblems(sample: unknown): string[] {
  return leaves(sample).flatMap(([path, value]) => {
    const phiField = namesPhiField(path);
    if (phiField) return [`${path}: names the PHI variable "${phiField}"`];
    if (value instanceof Date) return [`${path}: a date`];
    if (typeof value === "number") return Number.isInteger(value) && Math.abs(value) < 100_000 ? [] : [`${path}: a number that could identify`];
    if (typeof value === "boolean") return [];
    if (typeof value === "string" && [REF, SID, CODE, SHORT_ID].some((re) => re.test(value))) return [];
    return [`${path}: ${JSON.stringify(value)} is neither a ref nor a code`];
  });
}
