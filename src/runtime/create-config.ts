import { ConfigError, type Env } from "../config/env.js";
import { locationEntryId, locationsSchema } from "../config/locations-schema.js";
import { parsePracticeConfig, readEnvPracticeConfig, type PracticeConfig } from "../config/practice.js";
import { log } from "../log.js";
import { assertTemplatesPass } from "../messaging/template-lint.js";
import { specialtyWordsIn } from "../policy/lint-rules/location-name.js";
import { MESA_PHONE } from "../sandbox/seed-mesa-clinic.js";
import { PRACTICE_PHONES } from "../sandbox/seed-phones.js";
import type { Store } from "../store/db.js";
import { loadLatestPracticeConfig, savePracticeConfigVersion, type PracticeConfigVersion } from "../store/practice-config-versions.js";
import type { RuntimeModes } from "./sandbox-mode.js";

/**
 * The sandbox EHR's patients are synthetic, and its "intake paperwork" is taken to have
 * collected SMS consent, so a newcomer sees reminders without recording consents first.
 * Only ever applied to the sandbox EHR, and only when the config does not say otherwise.
 */
export const SANDBOX_EHR_CONSENT = {
  scopes: ["appointment", "waitlist", "billing"],
  phiLevel: "minimal",
  evidence: "Sandbox EHR: synthetic patients, SMS consent assumed at intake",
} as const satisfies NonNullable<PracticeConfig["consent"]["fromEhr"]>;

/** Who the stored versions the main job saves from its config file are by. */
export const CONFIG_FILE_ACTOR = "config-file";

/**
 * The sandbox EHR's sites: two in Chicago on the practice's sender, and the Mesa clinic in Arizona
 * with its own number. Mesa's zone is left to its EHR Location (the timezone extension). Only
 * applied to the sandbox EHR, and only when the config lists no locations of its own.
 */
export const SANDBOX_LOCATIONS = locationsSchema.parse([
  { id: "north", fhir: "Location/loc-north", hl7: ["MAIN", "NORTH"], name: "North Clinic", phone: PRACTICE_PHONES[0] },
  { id: "south", fhir: "Location/loc-south", hl7: ["EAST", "SOUTH"], name: "South Clinic", phone: PRACTICE_PHONES[1] },
  { id: "mesa", fhir: "Location/loc-mesa", hl7: ["MESA"], name: "Mesa Clinic", phone: MESA_PHONE, hours: "Mon-Fri 9am-12pm Arizona time", sender: MESA_PHONE },
]);

function withSandboxDefaults(config: PracticeConfig): PracticeConfig {
  let result = config;
  if (!config.consent.fromEhr) {
    log.info("runtime.sandbox_consent_assumed", { scopes: [...SANDBOX_EHR_CONSENT.scopes], phiLevel: SANDBOX_EHR_CONSENT.phiLevel });
    result = { ...result, consent: { ...result.consent, fromEhr: { ...SANDBOX_EHR_CONSENT, scopes: [...SANDBOX_EHR_CONSENT.scopes] } } };
  }
  if (config.locations.length === 0) {
    log.info("runtime.sandbox_locations_assumed", { locations: SANDBOX_LOCATIONS.map(locationEntryId) });
    result = { ...result, locations: SANDBOX_LOCATIONS };
  }
  return result;
}

/** A location whose name names a specialty is allowed, but said once at startup (lint explains why). */
function warnSensitiveLocationNames(config: PracticeConfig): void {
  for (const entry of config.locations) {
    const words = specialtyWordsIn(entry.name);
    if (words.length) log.warn("config.location_name_specialty", { locationId: locationEntryId(entry), words, fix: "see `npx minnow templates lint`" });
  }
}

/**
 * Lints every template (a template that fails lint stops the start with its name and the fix,
 * not at send time), warns about specialty words in location names and, on the sandbox EHR,
 * assumes intake consent and the sandbox's locations.
 */
export function finishRuntimeConfig(config: PracticeConfig, modes: Pick<RuntimeModes, "sandboxEhr">): PracticeConfig {
  assertTemplatesPass(config);
  warnSensitiveLocationNames(config);
  return modes.sandboxEhr ? withSandboxDefaults(config) : config;
}

export interface MainJobConfig {
  config: PracticeConfig;
  /** The config as written, before defaults: what is stored as a version. */
  raw: unknown;
}

/**
 * The main job runs with MINNOW_CONFIG (or MINNOW_CONFIG_YAML, or the defaults), checked before
 * anything is opened, so a bad config leaves no store or key behind.
 */
export function readMainJobConfig(env: Env, modes: Pick<RuntimeModes, "sandboxEhr">): MainJobConfig {
  const source = readEnvPracticeConfig(env) ?? { raw: {}, origin: "the default practice config" };
  return { config: finishRuntimeConfig(parsePracticeConfig(source.raw, source.origin), modes), raw: source.raw ?? {} };
}

/**
 * Stores the main job's config file as a new version when it differs from the file's last stored
 * version (version 1 at the first start), then returns the newest stored version, which is what
 * runs: the file seeds the settings and wins again whenever it changes, and a console edit made
 * since the file last changed stays in force across restarts. Workers on the same database run
 * with the same settings.
 */
export async function storeMainJobConfig(store: Pick<Store, "db">, raw: unknown, at: Date): Promise<PracticeConfigVersion> {
  const lastFromFile = await loadLatestPracticeConfig(store, { by: CONFIG_FILE_ACTOR });
  if (!lastFromFile || JSON.stringify(lastFromFile.raw) !== JSON.stringify(raw)) {
    const saved = await savePracticeConfigVersion(store, { raw, by: CONFIG_FILE_ACTOR, at });
    log.info("config.version_saved", { version: saved.version, by: saved.createdBy });
  }
  const latest = await loadLatestPracticeConfig(store);
  if (!latest) throw new Error("The practice config was saved but cannot be read back from the store.");
  return latest;
}

export interface WorkerConfig {
  config: PracticeConfig;
  /** The stored version it came from; undefined when it came from the environment. */
  version?: number;
}

/**
 * A Trigger.dev worker runs with the latest stored version (what the main job and, later, the
 * console saved), or with MINNOW_CONFIG_YAML when the store holds none. It never guesses: with
 * neither, only a sandbox worker falls back to the defaults.
 */
export async function loadWorkerConfig(env: Env, store: Pick<Store, "db">, modes: Pick<RuntimeModes, "sandboxEhr">): Promise<WorkerConfig> {
  const latest = await loadLatestPracticeConfig(store);
  if (latest) return { config: finishRuntimeConfig(latest.config, modes), version: latest.version };
  const source = readEnvPracticeConfig(env);
  if (source) return { config: finishRuntimeConfig(parsePracticeConfig(source.raw, source.origin), modes) };
  if (env.MINNOW_WORKER_SANDBOX) return { config: finishRuntimeConfig(parsePracticeConfig({}), modes) };
  throw new ConfigError(
    "This Trigger.dev worker found no practice config: the store holds no version yet, and MINNOW_CONFIG_YAML is not set. Start the main job (npm start) once on the same DATABASE_URL, which stores its config, or set MINNOW_CONFIG_YAML to the config's YAML text in the worker's environment.",
  );
}
