import { startBanner } from "../../../src/cli/start-command.js";
import { SANDBOX_MANAGER_EMAIL } from "../../../src/console/sign-in-links.js";
import { addStaffMember } from "../../../src/console/staff-admin.js";
import { simulatedReply } from "../../../src/cli/sandbox-reply-command.js";
import { setLogLevel, setLogSink, type LogRecord } from "../../../src/log.js";
import { startMainJob, type MainJob } from "../../../src/runtime/main-job.js";
import { buildWorkflows } from "../../../workflows/index.js";
import { tempDir, testEnv, type TempDir } from "../../runtime/helpers.js";

/**
 * The real job, as `npm start` runs it in the sandbox (sandbox EHR, fake Twilio outbox, embedded
 * engine, SQLite), on a free port. Its clock runs at real speed from a fixed weekday morning in
 * the practice's zone, so quiet hours never decide a test by the hour it happens to run.
 */
export const SANDBOX_MORNING = new Date("2026-12-01T15:00:00Z"); // Tuesday 09:00 in Chicago

export interface ConsoleSandbox {
  job: MainJob;
  url: string;
  /** What `npm start` printed. */
  banner: string;
  /** The one-time sign-in link the banner printed. */
  signInLink: string;
  dir: TempDir;
  /** The job's environment (for running a CLI command against the same store). */
  env: Record<string, string>;
  /** A patient's reply, as Twilio would post it (signed), to the running server. */
  reply(phone: string, text: string): Promise<void>;
  stop(): Promise<void>;
}

/** Every log line every sandbox in this process wrote (the PHI canary reads them). */
export const serverLogs: LogRecord[] = [];

export function captureServerLogs(): void {
  setLogLevel("debug");
  setLogSink((record) => serverLogs.push(record));
}

export function releaseServerLogs(): void {
  setLogSink(null);
  setLogLevel("info");
}

/** `extraEnv` swaps a sandbox part for a real one (e.g. Twilio credentials aimed at a local fake Twilio). */
export async function startConsoleSandbox(config: Record<string, unknown> = {}, extraEnv: Record<string, string> = {}): Promise<ConsoleSandbox> {
  const dir = tempDir("minnow-console-");
  const started = Date.now();
  const clock = { now: () => new Date(SANDBOX_MORNING.getTime() + (Date.now() - started)) };
  const vars = { DATA_DIR: dir.dir, PORT: "0", LOG_LEVEL: "debug", MINNOW_CONFIG: dir.writeConfig(config), ...extraEnv };
  const env = testEnv(vars);
  const job = await startMainJob(env, { workflows: buildWorkflows, sandboxNow: SANDBOX_MORNING, clock });
  const banner = startBanner(job);
  // Outside the full sandbox, npm start prints no link: the test makes the manager's account itself.
  const signInLink = /one-time link\): (\S+)/.exec(banner)?.[1] ?? (Object.keys(extraEnv).length ? (await addStaffMember(job.runtime.services, { email: SANDBOX_MANAGER_EMAIL, role: "manager" }, job.url, "test")).link : undefined);
  if (!signInLink) throw new Error(`The sandbox printed no sign-in link:\n${banner}`);
  return {
    job,
    url: job.url,
    banner,
    signInLink,
    dir,
    env: vars,
    async reply(phone, text) {
      const reply = simulatedReply(env, job.url, job.runtime.services.sms.sender, phone, text);
      const res = await fetch(reply.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": reply.signature }, body: new URLSearchParams(reply.params).toString() });
      if (res.status !== 200) throw new Error(`The simulated reply was refused with ${res.status}`);
    },
    async stop() {
      await job.stop();
      dir.cleanup();
    },
  };
}
