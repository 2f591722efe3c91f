import type { Env } from "../config/env.js";
import { locationEntryId, locationsSchema } from "../config/locations-schema.js";
import { loadPracticeConfig, type PracticeConfig } from "../config/practice.js";
import { log } from "../log.js";
import { assertTemplatesPass } from "../messaging/template-lint.js";
import { specialtyWordsIn } from "../policy/lint-rules/location-name.js";
import { MESA_PHONE } from "../sandbox/seed-mesa-clinic.js";
import { PRACTICE_PHONES } from "../sandbox/seed-phones.js";
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
 * Loads MINNOW_CONFIG (or the defaults) and lints every template: a template that fails lint
 * stops the start with the template's name and the fix, not at send time.
 */
export function loadRuntimeConfig(env: Env, modes: Pick<RuntimeModes, "sandboxEhr">): PracticeConfig {
  const config = loadPracticeConfig(env.MINNOW_CONFIG);
  assertTemplatesPass(config);
  warnSensitiveLocationNames(config);
  return modes.sandboxEhr ? withSandboxDefaults(config) : config;
}
