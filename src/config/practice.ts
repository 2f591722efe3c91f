import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { ConfigError, type Env } from "./env.js";
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

/** The YAML text as a config object, before validation. */
export function parsePracticeConfigYaml(text: string, origin: string): unknown {
  try {
    return parse(text) ?? {};
  } catch (cause) {
    throw new ConfigError(`${origin} is not valid YAML: ${(cause as Error).message}`, { cause });
  }
}

/** The YAML file at `path` as a config object, before validation. */
export function readPracticeConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new ConfigError(`Cannot read the practice config at ${path}: check MINNOW_CONFIG points to a readable YAML file.`, { cause });
  }
  return parsePracticeConfigYaml(text, path);
}

/** Loads the YAML file at `path`, or the defaults when no path is given. */
export function loadPracticeConfig(path?: string): PracticeConfig {
  if (!path) return parsePracticeConfig({});
  return parsePracticeConfig(readPracticeConfigFile(path), path);
}

export interface EnvPracticeConfig {
  /** The config as written, before defaults. */
  raw: unknown;
  /** Where it came from, for messages: the file path or "MINNOW_CONFIG_YAML". */
  origin: string;
}

/** The config the environment names: MINNOW_CONFIG (a file) or MINNOW_CONFIG_YAML (the text); undefined when neither is set. */
export function readEnvPracticeConfig(env: Pick<Env, "MINNOW_CONFIG" | "MINNOW_CONFIG_YAML">): EnvPracticeConfig | undefined {
  if (env.MINNOW_CONFIG && env.MINNOW_CONFIG_YAML) {
    throw new ConfigError("Both MINNOW_CONFIG and MINNOW_CONFIG_YAML are set: set one (a file path, or the YAML text itself).");
  }
  if (env.MINNOW_CONFIG) return { raw: readPracticeConfigFile(env.MINNOW_CONFIG), origin: env.MINNOW_CONFIG };
  if (env.MINNOW_CONFIG_YAML) return { raw: parsePracticeConfigYaml(env.MINNOW_CONFIG_YAML, "MINNOW_CONFIG_YAML"), origin: "MINNOW_CONFIG_YAML" };
  return undefined;
}

/** The practice config from the environment, or the defaults (one-shot commands). */
export function envPracticeConfig(env: Pick<Env, "MINNOW_CONFIG" | "MINNOW_CONFIG_YAML">): PracticeConfig {
  const found = readEnvPracticeConfig(env);
  return found ? parsePracticeConfig(found.raw, found.origin) : parsePracticeConfig({});
}
