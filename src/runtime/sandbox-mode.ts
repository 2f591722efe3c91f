import type { Env } from "../config/env.js";

/**
 * Which parts of the job run against the built-in sandbox. Each part switches on its own:
 * a real EHR with the sandbox outbox is a normal way to try minnow on a test FHIR server.
 */
export interface RuntimeModes {
  /** No FHIR_BASE_URL and no Acuity account: the in-process sandbox EHR is the source. */
  sandboxEhr: boolean;
  /** No Twilio account: a local fake Twilio is the SMS outbox. */
  sandboxSms: boolean;
  engine: "embedded" | "trigger";
}

export function runtimeModes(env: Env): RuntimeModes {
  return {
    sandboxEhr: !env.FHIR_BASE_URL && !env.ACUITY_USER_ID && !env.ACUITY_API_KEY,
    sandboxSms: !env.TWILIO_ACCOUNT_SID && !env.TWILIO_AUTH_TOKEN,
    engine: env.TRIGGER_SECRET_KEY ? "trigger" : "embedded",
  };
}

/** Keys may be generated only when nothing real is connected: a generated key for real PHI could be lost. */
export function isFullSandbox(modes: RuntimeModes): boolean {
  return modes.sandboxEhr && modes.sandboxSms;
}
