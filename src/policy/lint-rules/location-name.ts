/** A location name that reveals the care given there ("Oncology Center"): a warning, at config load. */
import { z } from "zod";
import raw from "../data/specialty-words.json" with { type: "json" };
import type { LintFinding } from "./types.js";
import { compileWordList } from "./word-list.js";

const words = z.object({ sources: z.array(z.string().min(1)).min(1), terms: z.array(z.string().min(2)).min(1) }).parse(raw);
const matcher = compileWordList(words.terms);

/** The specialty words a name holds, each once, in list order. */
export function specialtyWordsIn(name: string): string[] {
  return matcher.find(name);
}

export function lintLocationName(name: string): LintFinding[] {
  const found = specialtyWordsIn(name);
  if (found.length === 0) return [];
  return [{
    rule: "location-name-specialty",
    severity: "warning",
    message: `"${name}" names a specialty (${found.map((w) => `"${w}"`).join(", ")}): a location name can tell whoever reads a text what care the patient gets. {{location.name}} is rendered only for patients who authorized it, but the HELP answer from this location's number names it to anyone holding the phone. Consider a neutral name (a street or neighborhood), or keep it knowingly.`,
  }];
}
