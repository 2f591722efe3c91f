import { buildWorkflows } from "../../workflows/index.js";
import { loadEnv } from "../config/env.js";
import { installGracefulShutdown } from "../engine/embedded/index.js";
import { setLogLevel } from "../log.js";
import { startMainJob, type MainJob } from "../runtime/main-job.js";

/** What the newcomer reads first. Ids and modes only: nothing about any patient. */
export function startBanner(job: MainJob): string {
  const { modes, sandboxEhr, sandboxAnchor, outbox, runtimeEngine, services } = job.runtime;
  const lines = [`minnow is running at ${job.url} (health: ${job.url}/health)`];
  if (sandboxEhr) {
    const s = sandboxEhr.stats;
    lines.push(`  EHR     sandbox FHIR R4 at ${sandboxEhr.baseUrl} (synthetic: ${s.patients} patients, ${s.appointments} appointments, ${s.waitlist} waitlisted, ${s.invoices} invoices)`);
    if (sandboxAnchor?.firstStart) lines.push(`  Zone    ${sandboxAnchor.timeZone}. ${sandboxAnchor.why}`);
    else if (sandboxAnchor) lines.push(`  Zone    ${sandboxAnchor.timeZone}; the sandbox keeps its state in ${services.env.DATA_DIR}/sandbox since its first start (${sandboxAnchor.anchor.toISOString()}); start over with: npx minnow sandbox reset`);
  } else {
    lines.push(`  EHR     ${[services.sources.fhir ? `FHIR at ${services.sources.fhir.baseUrl}` : "", services.sources.acuity ? "Acuity" : ""].filter(Boolean).join(" + ")}`);
  }
  lines.push(outbox ? `  SMS     sandbox outbox (a fake Twilio at ${outbox.fake.baseUrl}); see it with: npx minnow sandbox outbox` : `  SMS     Twilio (sender ${services.sms.sender})`);
  if (job.hl7) lines.push(`  HL7     SIU over MLLP${job.hl7.listener.tls ? " (TLS)" : ""} on ${job.hl7.listener.host}:${job.hl7.listener.port}${sandboxEhr ? "; send a sample with: npx minnow sandbox hl7 tests/fixtures/hl7/s12-new.hl7" : ""}`);
  lines.push(`  Engine  ${runtimeEngine.kind === "embedded" ? `embedded, journal in ${services.store.dialect}` : "Trigger.dev (workflow inputs are references only)"}`);
  lines.push(`  Sync    every ${services.config.sync.intervalMinutes} min over the next ${services.config.sync.horizonDays} days; the first one is running now`);
  lines.push(`  Console ${job.url}/ (staff accounts: npx minnow staff add <email> --role front-desk|manager|admin)`);
  if (job.consoleSignInLink) lines.push(`  Sign in as the sandbox practice manager (one-time link): ${job.consoleSignInLink}`);
  if (modes.sandboxSms) lines.push(`  Reply as a patient: npx minnow sandbox reply <phone> C`);
  lines.push("Press Ctrl+C to stop. Log lines below carry ids and decisions only.");
  return lines.join("\n") + "\n";
}

/** `minnow start` (`npm start`): runs until SIGTERM or SIGINT, then shuts down gracefully and exits 0. */
export async function runStartCommand(): Promise<number> {
  const env = loadEnv();
  setLogLevel(env.LOG_LEVEL);
  const job = await startMainJob(env, { workflows: buildWorkflows });
  installGracefulShutdown({ stop: job.stop });
  process.stdout.write(startBanner(job));
  // The server keeps the process alive; the shutdown handler exits it.
  return new Promise<number>(() => undefined);
}
