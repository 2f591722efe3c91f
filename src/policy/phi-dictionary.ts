/** data/phi-dictionary.json, validated once at load: the PHI class of every template variable. */
import { z } from "zod";
import raw from "./data/phi-dictionary.json" with { type: "json" };
import type { PhiLevel } from "./consent.js";

export const PHI_CLASSES = ["never", "sometimes", "always"] as const;
export type PhiClass = (typeof PHI_CLASSES)[number];
export const VARIABLE_KINDS = ["text", "url", "number", "date", "time", "datetime"] as const;
export type VariableKind = (typeof VARIABLE_KINDS)[number];

const entrySchema = z.object({
  class: z.enum(PHI_CLASSES),
  kind: z.enum(VARIABLE_KINDS),
  maxLength: z.number().int().positive(),
  worstCase: z.string(),
});
const schema = z.object({
  sources: z.array(z.string().min(1)).min(1),
  decisions: z.record(z.string(), z.string()),
  variables: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/), entrySchema),
});

export type PhiVariable = z.infer<typeof entrySchema> & { path: string };

const data = schema.parse(raw);
const byPath = new Map<string, PhiVariable>(
  Object.entries(data.variables).map(([path, entry]) => [path, { ...entry, path }]),
);

/** The dictionary entry for a variable, or undefined when minnow does not know it. */
export function phiVariable(path: string): PhiVariable | undefined {
  return byPath.get(path);
}

/** The PHI class of a template variable. An unknown variable is "always": when in doubt, it is PHI. */
export function phiClassOf(variablePath: string): PhiClass {
  return byPath.get(variablePath)?.class ?? "always";
}

/** Every variable the dictionary knows, in file order. */
export function knownVariables(): readonly PhiVariable[] {
  return [...byPath.values()];
}

/** Whether a consent at this PHI level lets a variable of this class be rendered into an SMS. */
export function phiClassAllowed(phiClass: PhiClass, phiLevel: PhiLevel): boolean {
  if (phiClass === "never") return true;
  return phiClass === "sometimes" && phiLevel === "minimal";
}
