/**
 * The node flags `npm start` runs minnow with (the heap cap, the tsx loader), read from the start
 * script in package.json, so a bench that starts minnow in a child process measures what
 * `npm start` runs, and stays in step when the script changes.
 */
import { readFileSync } from "node:fs";

const PACKAGE_JSON = new URL("../package.json", import.meta.url);

/** The flags between `node` and the entry file in a start script like `exec node <flags> src/cli/main.ts start`. */
export function nodeFlagsOf(startScript: string): string[] {
  const words = startScript.trim().split(/\s+/);
  const node = words.indexOf("node");
  const entry = words.findIndex((w, i) => i > node && !w.startsWith("-") && words[i - 1] !== "--import");
  if (node < 0 || entry < 0) throw new Error(`The start script "${startScript}" does not run \`node <flags> <entry file>\`; the benches cannot start minnow as it does.`);
  return words.slice(node + 1, entry);
}

export function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(PACKAGE_JSON, "utf8")) as { scripts?: { start?: string } };
  return nodeFlagsOf(pkg.scripts?.start ?? "");
}
