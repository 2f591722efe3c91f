/**
 * Renders a template into an SMS body under minimum necessary (45 CFR 164.502(b)): a consent at
 * phiLevel "none" admits only never-PHI variables, "minimal" also admits sometimes-PHI ones,
 * and always-PHI variables are never rendered into SMS. Any refusal refuses the whole message:
 * a reminder with a hole in it is worse than none.
 */
import type { PhiLevel } from "./consent.js";
import { phiClassAllowed, phiVariable, type PhiClass } from "./phi-dictionary.js";
import { DEFAULT_MAX_VALUE_LENGTH, sanitizeValue } from "./sanitize.js";
import { applyFormatter, assertTimeZone, effectiveFormatter, resolveTemplateLocale, type FormatContext } from "./template-formatters.js";
import { parseTemplate, type TemplateVariable } from "./template-parse.js";

export type RenderRefusalReason = "phi-always" | "unknown-variable" | "needs-authorization" | "missing-value" | "invalid-value";
export interface RenderRefusal { variable: string; phiClass: PhiClass; reason: RenderRefusalReason }
export interface RenderOptions { phiLevel: PhiLevel; locale?: string; timeZone: string; channel?: "sms" }
export type RenderResult =
  | { ok: true; body: string; variables: string[] }
  | { ok: false; refused: RenderRefusal[] };


/** Looks a dotted path up through own properties only, so "constructor" or "__proto__" find nothing. */
export function lookupPath(values: Record<string, unknown>, path: string): unknown {
  let current: unknown = values;
  for (const key of path.split(".")) {
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function permission(path: string, phiLevel: PhiLevel): RenderRefusal | undefined {
  const entry = phiVariable(path);
  if (entry === undefined) return { variable: path, phiClass: "always", reason: "unknown-variable" };
  if (entry.class === "always") return { variable: path, phiClass: "always", reason: "phi-always" };
  return phiClassAllowed(entry.class, phiLevel) ? undefined : { variable: path, phiClass: entry.class, reason: "needs-authorization" };
}

/** The text for one tag, or the reason it cannot be filled. */
function fillTag(tag: TemplateVariable, values: Record<string, unknown>, context: FormatContext): { text: string } | { reason: RenderRefusalReason } {
  const entry = phiVariable(tag.path);
  const value = lookupPath(values, tag.path);
  if (value === undefined || value === null || value === "") return { reason: "missing-value" };
  const formatter = effectiveFormatter(tag, entry?.kind);
  let text: string | undefined;
  if (formatter) text = applyFormatter(value, formatter, context);
  else if (typeof value === "string") text = value;
  else if (typeof value === "number" && Number.isFinite(value)) text = String(value);
  else if (value instanceof Date) text = applyFormatter(value, { name: "datetime" }, context);
  if (text === undefined) return { reason: "invalid-value" };
  const clean = sanitizeValue(text, entry?.maxLength ?? DEFAULT_MAX_VALUE_LENGTH);
  return clean === "" ? { reason: "missing-value" } : { text: clean };
}

/**
 * Renders a template body for SMS. Throws TemplateSyntaxError for a malformed body and RangeError
 * for an unknown locale or time zone: those are configuration faults that the config loader and
 * lintTemplate catch before any send.
 */
export function renderTemplate(template: { body: string }, values: Record<string, unknown>, options: RenderOptions): RenderResult {
  const parsed = parseTemplate(template.body);
  assertTimeZone(options.timeZone);
  const context: FormatContext = { locale: resolveTemplateLocale(options.locale), timeZone: options.timeZone };

  // Permissions first, for every variable, so a forbidden value is never even read.
  const refused = parsed.variables.map((path) => permission(path, options.phiLevel)).filter((r): r is RenderRefusal => r !== undefined);
  if (refused.length > 0) return { ok: false, refused };

  const chunks: string[] = [];
  for (const part of parsed.parts) {
    if (part.kind === "text") {
      chunks.push(part.text);
      continue;
    }
    const filled = fillTag(part, values, context);
    if ("text" in filled) chunks.push(filled.text);
    else if (!refused.some((r) => r.variable === part.path)) refused.push({ variable: part.path, phiClass: phiVariable(part.path)?.class ?? "always", reason: filled.reason });
  }
  return refused.length > 0 ? { ok: false, refused } : { ok: true, body: chunks.join(""), variables: parsed.variables };
}
