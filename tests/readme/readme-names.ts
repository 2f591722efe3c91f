import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";

/** Helpers for the README's tests: what it names, and whether the code has it. */
export const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

/** Every `code span` of the README (fenced blocks excluded). */
export function codeSpans(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, "");
  return [...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? "");
}

/** The body of the README section that starts with this heading, up to the next heading of its level or above. */
export function section(heading: string): string {
  const start = README.indexOf(heading);
  if (start < 0) throw new Error(`README has no section "${heading}"`);
  const level = /^#+/.exec(heading)?.[0].length ?? 2;
  const lines = README.slice(start + heading.length).split("\n");
  let fenced = false;
  const body: string[] = [];
  for (const line of lines) {
    if (line.startsWith("```")) fenced = !fenced;
    // A "# comment" inside a fenced block is not a heading.
    const heading = !fenced && /^(#+) /.exec(line);
    if (heading && (heading[1]?.length ?? 0) <= level) break;
    body.push(line);
  }
  return body.join("\n");
}

/** The fenced ```lang blocks of a text. */
export function fencedBlocks(text: string, lang: string): string[] {
  return [...text.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1] ?? "");
}

type Walkable = z.ZodType & { shape?: Record<string, z.ZodType>; def?: { innerType?: z.ZodType; in?: z.ZodType; type?: string } };

/** Whether a dotted path (`waitlist.maxOffersPerWeek`) is a key of the zod object schema. */
export function hasConfigPath(schema: z.ZodType, path: string): boolean {
  let node: Walkable | undefined = schema as Walkable;
  for (const part of path.split(".")) {
    while (node && !node.shape && (node.def?.innerType || node.def?.in)) node = (node.def.innerType ?? node.def.in) as Walkable;
    if (!node?.shape || !Object.hasOwn(node.shape, part)) return false;
    node = node.shape[part] as Walkable;
  }
  return true;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") || path.endsWith(".tsx") ? [path] : [];
  });
}

/** Every double-quoted string literal in the product's code: log event names are among them. */
export function codeStrings(): Set<string> {
  const root = new URL("../../", import.meta.url).pathname;
  const strings = new Set<string>();
  for (const dir of ["src", "workflows", "connectors"]) {
    for (const file of sourceFiles(join(root, dir))) {
      for (const m of readFileSync(file, "utf8").matchAll(/["'`]([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+)["'`]/gi)) strings.add(m[1] ?? "");
    }
  }
  return strings;
}
