/**
 * Logic-less templates: `{{path}}`, `{{path | formatter}}` or `{{path | formatter:"arg"}}`.
 * A path is dotted identifiers (patient.firstName). There are no conditions, loops or partials:
 * what a template may say is decided by the lint and the PHI dictionary, not by template code.
 */
import { FORMATTER_STYLES, isFormatterName, type FormatterName } from "./template-formatters.js";

export interface TemplateText { kind: "text"; text: string }
export interface TemplateVariable {
  kind: "variable";
  path: string;
  formatter?: { name: FormatterName; arg?: string };
  /** Offset of the opening `{{` in the body. */
  position: number;
}
export type TemplatePart = TemplateText | TemplateVariable;
export interface ParsedTemplate {
  parts: TemplatePart[];
  /** Variable paths in order of first use, without repeats. */
  variables: string[];
}

export class TemplateSyntaxError extends Error {
  readonly position: number;
  constructor(message: string, body: string, position: number) {
    super(`${message} at position ${position} (${lineAndColumn(body, position)})`);
    this.name = "TemplateSyntaxError";
    this.position = position;
  }
}

function lineAndColumn(body: string, position: number): string {
  const before = body.slice(0, position).split("\n");
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const FORMATTER = /^([A-Za-z]+)(?:\s*:\s*"([^"]*)")?$/;

function parseTag(inner: string, body: string, position: number): TemplateVariable {
  const pieces = inner.split("|").map((piece) => piece.trim());
  const [path = "", formatterText, ...extra] = pieces;
  if (!PATH.test(path)) {
    const shown = path === "" ? "an empty tag" : `'${path}'`;
    throw new TemplateSyntaxError(`Template tag has ${shown} where a variable path like patient.firstName belongs`, body, position);
  }
  if (extra.length > 0) throw new TemplateSyntaxError(`Template tag {{${inner}}} chains formatters; use one formatter per tag`, body, position);
  if (formatterText === undefined) return { kind: "variable", path, position };
  const match = FORMATTER.exec(formatterText);
  const name = match?.[1];
  if (!match || name === undefined) {
    throw new TemplateSyntaxError(`Template tag {{${inner}}} has a malformed formatter; write it as 'name' or 'name:"arg"'`, body, position);
  }
  if (!isFormatterName(name)) {
    throw new TemplateSyntaxError(`Unknown formatter '${name}'; use one of ${Object.keys(FORMATTER_STYLES).join(", ")}`, body, position);
  }
  const arg = match[2];
  const styles: readonly string[] = FORMATTER_STYLES[name];
  if (arg !== undefined && !styles.includes(arg)) {
    throw new TemplateSyntaxError(`Formatter '${name}' has no style "${arg}"; use one of ${styles.join(", ")}`, body, position);
  }
  return { kind: "variable", path, position, formatter: arg === undefined ? { name } : { name, arg } };
}

/** Parses a template body. Throws TemplateSyntaxError, naming the position, for a malformed tag. */
export function parseTemplate(body: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const variables: string[] = [];
  let cursor = 0;
  while (cursor < body.length) {
    const open = body.indexOf("{{", cursor);
    const text = body.slice(cursor, open === -1 ? body.length : open);
    const strayClose = text.indexOf("}}");
    if (strayClose !== -1) throw new TemplateSyntaxError("Unexpected '}}' without a matching '{{'; remove it or add the opening '{{'", body, cursor + strayClose);
    if (text !== "") parts.push({ kind: "text", text });
    if (open === -1) break;
    const close = body.indexOf("}}", open + 2);
    const nextOpen = body.indexOf("{{", open + 2);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      throw new TemplateSyntaxError("Unclosed '{{'; close the tag with '}}'", body, open);
    }
    const tag = parseTag(body.slice(open + 2, close), body, open);
    parts.push(tag);
    if (!variables.includes(tag.path)) variables.push(tag.path);
    cursor = close + 2;
  }
  return { parts, variables };
}
