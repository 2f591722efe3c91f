import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { ConfigError } from "./env.js";
import { practiceConfigSchema, type PracticeConfig } from "./practice-schema.js";
import { unknownKeyIssues } from "./unknown-keys.js";

export { practiceConfigSchema, type PracticeConfig };

/** Parses a practice config object; every error, an unknown key included, names its path and the fix. */
export function parsePracticeConfig(raw: unknown, origin = "practice config"): PracticeConfig {
  const parsed = practiceConfigSchema.safeParse(raw ?? {});
  const unknown = unknownKeyIssues(practiceConfigSchema, raw ?? {});
  if (parsed.success && unknown.length === 0) return parsed.data;
  // Unknown keys first: a misspelt key often explains the missing value reported after it.
  const invalid = parsed.success ? [] : parsed.error.issues.filter((i) => i.code !== "unrecognized_keys");
  const lines = [...unknown, ...invalid].map((i) => `  ${i.path.join(".") || "(top level)"}: ${i.message}`);
  throw new ConfigError(`${origin} is invalid:\n${lines.join("\n")}\nEdit those keys (see README, "Practice config"); any key you remove falls back to its default.`);
}

/** Loads the YAML file at `path`, or the defaults when no path is given. */
export function loadPracticeConfig(path?: string): PracticeConfig {
  if (!path) return parsePracticeConfig({});
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new ConfigError(`Cannot read the practice config at ${path}: check MINNOW_CONFIG points to a readable YAML file.`, { cause });
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (cause) {
    throw new ConfigError(`${path} is not valid YAML: ${(cause as Error).message}`, { cause });
  }
  return parsePracticeConfig(raw, path);
}
