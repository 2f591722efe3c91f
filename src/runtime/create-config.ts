import type { Env } from "../config/env.js";
import { loadPracticeConfig, type PracticeConfig } from "../config/practice.js";
import { log } from "../log.js";
import { assertTemplatesPass } from "../messaging/template-lint.js";
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
 * Loads MINNOW_CONFIG (or the defaults) and lints every template: a template that fails lint
 * stops the start with the template's name and the fix, not at send time.
 */
export function loadRuntimeConfig(env: Env, modes: Pick<RuntimeModes, "sandboxEhr">): PracticeConfig {
  const config = loadPracticeConfig(env.MINNOW_CONFIG);
  assertTemplatesPass(config);
  if (!modes.sandboxEhr || config.consent.fromEhr) return config;
  log.info("runtime.sandbox_consent_assumed", { scopes: [...SANDBOX_EHR_CONSENT.scopes], phiLevel: SANDBOX_EHR_CONSENT.phiLevel });
  return { ...config, consent: { ...config.consent, fromEhr: { ...SANDBOX_EHR_CONSENT, scopes: [...SANDBOX_EHR_CONSENT.scopes] } } };
}
