import { evalFhirPath, parseFhirPath, tryGetDataType, type FhirPathAtom } from "@medplum/core";

/**
 * Search-parameter expressions evaluated per resource on every page (sort keys, `_include`).
 * Generic FHIRPath re-parses the expression each call and is the slowest part of a page, so:
 * plain dotted paths, optionally ending in `.where(resolve() is Type)` (which is what
 * Appointment's patient, practitioner, location and actor parameters are), are walked directly
 * when the schema says every step is a plain single-typed element (no choice types like value[x]);
 * anything else goes to Medplum's FHIRPath with the parsed expression cached.
 */
const SIMPLE_PATH = /^([A-Z]\w*)((?:\.[a-z]\w*)+)(?:\.where\(resolve\(\) is ([A-Z]\w*)\))?$/;
const ABSTRACT_ROOTS = new Set(["Resource", "DomainResource"]);

type Evaluator = (input: unknown) => unknown[];
const evaluators = new Map<string, Evaluator>();

function walk(values: unknown[], property: string): unknown[] {
  const out: unknown[] = [];
  for (const value of values) {
    if (typeof value !== "object" || value === null) continue;
    const child: unknown = (value as Record<string, unknown>)[property];
    if (Array.isArray(child)) out.push(...(child as unknown[]));
    else if (child !== undefined && child !== null) out.push(child);
  }
  return out;
}

function isReferenceTo(value: unknown, resourceType: string): boolean {
  if (typeof value !== "object" || value === null) return false;
  const reference: unknown = (value as { reference?: unknown }).reference;
  return typeof reference === "string" && reference.startsWith(`${resourceType}/`);
}

function isPlainElementPath(rootType: string, properties: readonly string[]): boolean {
  let type = rootType;
  for (const property of properties) {
    const types = tryGetDataType(type)?.elements[property]?.type;
    if (types?.length !== 1 || !types[0]) return false;
    type = types[0].code;
  }
  return true;
}

function compile(expression: string): Evaluator {
  const atom: FhirPathAtom = parseFhirPath(expression);
  const generic: Evaluator = (input) => evalFhirPath(atom, input);
  const simple = SIMPLE_PATH.exec(expression.trim());
  const root = simple?.[1] ?? "";
  const properties = (simple?.[2] ?? "").split(".").filter(Boolean);
  if (!simple || !isPlainElementPath(root, properties)) return generic;
  const resolvedType = simple[3];
  return (input) => {
    const inputType: unknown = (input as { resourceType?: unknown } | null)?.resourceType;
    if (inputType !== root && !ABSTRACT_ROOTS.has(root)) return generic(input);
    const values = properties.reduce<unknown[]>((current, property) => walk(current, property), [input]);
    return resolvedType ? values.filter((v) => isReferenceTo(v, resolvedType)) : values;
  };
}

export function evaluateExpression(expression: string, input: unknown): unknown[] {
  let evaluator = evaluators.get(expression);
  if (!evaluator) {
    evaluator = compile(expression);
    evaluators.set(expression, evaluator);
  }
  return evaluator(input);
}
