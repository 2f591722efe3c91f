/**
 * Unknown keys in a config, found by walking the zod schema itself, so every key anyone adds to the
 * schema is known at once and every typo (`remindres`, `reminders.touchs`) stops the start with its
 * path and the nearest real key. Objects that accept any key (records, loose objects) are respected.
 */
import type { z } from "zod";

export interface KeyIssue {
  path: PropertyKey[];
  message: string;
}

type Schema = z.core.$ZodType;
type Def = { type: string; [field: string]: unknown };

const defOf = (schema: Schema): Def => schema._zod.def as unknown as Def;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Wrappers whose inner schema describes the same value. */
const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "catch", "readonly", "nonoptional", "success"]);

function unwrap(schema: Schema): Schema {
  const def = defOf(schema);
  if (WRAPPERS.has(def.type)) return unwrap(def.innerType as Schema);
  if (def.type === "pipe") return unwrap(def.in as Schema);
  if (def.type === "lazy") return unwrap((def.getter as () => Schema)());
  return schema;
}

/** Optimal string alignment distance: edits, with a swap of neighbours counting as one. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      row[j] = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** The known key nearest to `key` (ignoring case, `_` and `-`), if it is close enough to be a typo. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  const plain = (s: string) => s.toLowerCase().replace(/[_-]/g, "");
  let best: { key: string; score: number } | undefined;
  for (const candidate of known) {
    const score = distance(plain(key), plain(candidate));
    if (!best || score < best.score) best = { key: candidate, score };
  }
  return best && best.score <= Math.max(1, Math.floor(key.length / 3)) ? best.key : undefined;
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const near = nearestKey(key, known);
  if (near) return `is not a key here; did you mean "${near}"?`;
  return `is not a key here (the keys here are ${known.map((k) => `"${k}"`).join(", ")})`;
}

function objectIssues(def: Def, value: Record<string, unknown>, path: PropertyKey[]): KeyIssue[] {
  const shape = def.shape as Record<string, Schema>;
  const known = Object.keys(shape);
  const catchall = def.catchall as Schema | undefined;
  const acceptsAny = catchall !== undefined && defOf(catchall).type !== "never";
  const issues: KeyIssue[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childSchema = shape[key];
    if (childSchema) issues.push(...unknownKeyIssues(childSchema, child, [...path, key]));
    else if (acceptsAny) issues.push(...unknownKeyIssues(catchall, child, [...path, key]));
    else issues.push({ path: [...path, key], message: unknownKeyMessage(key, known) });
  }
  return issues;
}

function literalsAgree(option: Schema, value: unknown): boolean {
  const def = defOf(unwrap(option));
  if (def.type !== "object" || !isRecord(value)) return true;
  return Object.entries(def.shape as Record<string, Schema>).every(([key, field]) => {
    const fieldDef = defOf(unwrap(field));
    const allowed = fieldDef.type === "literal" ? (fieldDef.values as unknown[]) : fieldDef.type === "enum" ? Object.values(fieldDef.entries as Record<string, unknown>) : undefined;
    return !allowed || !(key in value) || allowed.includes(value[key]);
  });
}

/** Every key in `value` that `schema` does not know, with its path and a suggestion. */
export function unknownKeyIssues(schema: Schema, value: unknown, path: PropertyKey[] = []): KeyIssue[] {
  const def = defOf(unwrap(schema));
  switch (def.type) {
    case "object":
      return isRecord(value) ? objectIssues(def, value, path) : [];
    case "record":
      return isRecord(value) ? Object.entries(value).flatMap(([key, child]) => unknownKeyIssues(def.valueType as Schema, child, [...path, key])) : [];
    case "array":
      return Array.isArray(value) ? value.flatMap((child, i) => unknownKeyIssues(def.element as Schema, child, [...path, i])) : [];
    case "union": {
      // Among the options whose literal or enum fields (a discriminator) agree with the value, the one with fewest unknown keys is the one meant.
      const options = def.options as Schema[];
      const agreeing = options.filter((option) => literalsAgree(option, value));
      const each = (agreeing.length > 0 ? agreeing : options).map((option) => unknownKeyIssues(option, value, path));
      return each.reduce((best, issues) => (issues.length < best.length ? issues : best), each[0] ?? []);
    }
    case "intersection": {
      const right = unknownKeyIssues(def.right as Schema, value, path);
      const rightPaths = new Set(right.map((i) => JSON.stringify(i.path)));
      return unknownKeyIssues(def.left as Schema, value, path).filter((i) => rightPaths.has(JSON.stringify(i.path)));
    }
    default:
      return [];
  }
}
