import { ConfigError, type Env } from "../config/env.js";

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

/**
 * A Trigger.dev worker texts real patients from a machine nobody watches: without Twilio or an
 * EHR it refuses to run, rather than "send" into a local fake. MINNOW_WORKER_SANDBOX=true allows
 * the sandbox parts for a worker tried on your own machine (`npx trigger.dev dev`).
 */
export function assertWorkerConnected(env: Env, modes: RuntimeModes): void {
  if (env.MINNOW_WORKER_SANDBOX) return;
  const missing: string[] = [];
  if (modes.sandboxSms) missing.push("Twilio: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM");
  if (modes.sandboxEhr) missing.push("an EHR: FHIR_BASE_URL (with FHIR_AUTH and its credentials), or ACUITY_USER_ID and ACUITY_API_KEY");
  if (missing.length === 0) return;
  throw new ConfigError(
    `This Trigger.dev worker would run against the sandbox, which never reaches a patient. Set these variables in the worker's environment (Trigger.dev dashboard → Environment variables):\n${missing.map((m) => `  ${m}`).join("\n")}\nOnly to try the worker on your own machine, set MINNOW_WORKER_SANDBOX=true instead.`,
  );
}
