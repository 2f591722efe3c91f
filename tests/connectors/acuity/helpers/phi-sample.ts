/**
 * Checks a trigger sample carries no PHI, by value: refs, SIDs, ids and short codes only, and no
 * field that names a date, phone, name, address, free text or money. Stands in until
 * src/policy/phi-dictionary.ts (phiClassOf) exists; the fhir manifest test does the same.
 */
const PHI_KEYS = /start|end$|date|time|phone|telecom|name|birth|address|text|body|email|amount|price|issued|created|contact/i;
const REF = /^[a-z][a-z-]*:[A-Za-z0-9-]+$/;
const SID = /^[A-Z]{2}[0-9a-f]{32}$/;
const CODE = /^[a-z][a-z0-9-]{0,23}$/;
const SHORT_ID = /^\d{1,7}$/;

function leaves(value: unknown, path = ""): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  }
  return [[path, value]];
}

export function phiProblems(sample: unknown): string[] {
  return leaves(sample).flatMap(([path, value]) => {
    if (PHI_KEYS.test(path)) return [`${path}: a PHI-bearing field`];
    if (value instanceof Date) return [`${path}: a date`];
    if (typeof value === "number") return Number.isInteger(value) && Math.abs(value) < 10_000_000 ? [] : [`${path}: a number that could identify`];
    if (typeof value === "boolean") return [];
    if (typeof value === "string" && [REF, SID, CODE, SHORT_ID].some((re) => re.test(value))) return [];
    return [`${path}: ${JSON.stringify(value)} is neither a ref nor a code`];
  });
}
