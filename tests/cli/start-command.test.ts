import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { fetchOutbox } from "../../src/cli/sandbox-outbox-command.js";
import { liveSandboxState } from "../../src/runtime/sandbox-state.js";
import { buildPractice } from "../../src/sandbox/seed-practice.js";
import type { Patient } from "@medplum/fhirtypes";
import { tempDir, type TempDir } from "../runtime/helpers.js";
import { REPO_ROOT, runCli, waitForOutput } from "./run-cli.js";

/** `npm start` as a newcomer runs it: a fresh process, nothing configured but a temp DATA_DIR. */
interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(dataDir: string): Started {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "start"], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATA_DIR: dataDir, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exited };
}

const waitFor = waitForOutput;

/** Every way a seeded patient's identity could be written: phones (E.164 and 10-digit) and names. */
function seededIdentities(): string[] {
  const patients = buildPractice().filter((r): r is Patient => r.resourceType === "Patient");
  const values = new Set<string>();
  for (const p of patients) {
    for (const t of p.telecom ?? []) if (t.system !== "email" && t.value) values.add(t.value).add(t.value.replace(/^\+1/, ""));
    const name = p.name?.[0];
    if (name?.family) values.add(name.family);
    if (name?.family && name.given?.[0]) values.add(`${name.given[0]} ${name.family}`);
  }
  return [...values];
}

let dir: TempDir;
let started: Started | undefined;
afterEach(async () => {
  if (started && started.child.exitCode === null) {
    started.child.kill("SIGKILL");
    await started.exited;
  }
  started = undefined;
  dir?.cleanup();
});

describe("minnow start (npm start) with nothing configured", { timeout: 120_000 }, () => {
  it("serves /health, syncs the sandbox EHR, logs no patient identity, and exits 0 soon after SIGTERM", async () => {
    dir = tempDir();
    started = start(dir.dir);
    const url = (await waitFor(started, /minnow is running at (http:\/\/127\.0\.0\.1:\d+)/, 60_000))[1] ?? "";
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(liveSandboxState(dir.dir)?.serverUrl).toBe(url);

    const summary = await waitFor(started, /^\{"level":"info","event":"sync\.summary".*$/m, 60_000);
    const line = JSON.parse(summary[0]) as Record<string, number>;
    expect(line.sources).toBe(1);
    expect(line.sourceErrors).toBe(0);
    expect(line.new).toBeGreaterThan(0);
    expect(line.remindersStarted).toBeGreaterThan(0);

    // Let the reminder runs decide (send, or defer in quiet hours) before looking for PHI.
    await waitFor(started, /"event":"message\.(sent|deferred)"/, 30_000);
    // By day a due reminder is sent into the outbox; at night quiet hours defer every one.
    const state = liveSandboxState(dir.dir);
    const outbox = state ? await fetchOutbox(state.outbox.baseUrl, state.outbox.accountSid, 50) : [];
    expect(outbox.length > 0).toBe(/"event":"message\.sent"/.test(started.output()));
    const stopAt = Date.now();
    started.child.kill("SIGTERM");
    const exit = await started.exited;
    expect(exit.code).toBe(0);
    expect(Date.now() - stopAt).toBeLessThan(10_000);
    expect(started.output()).toMatch(/"event":"engine\.shutdown\.done"/);
    expect(liveSandboxState(dir.dir)).toBeNull();

    const output = started.output();
    const identities = seededIdentities();
    expect(identities.length).toBeGreaterThan(100); // 60 patients: the check has something to find
    const leaked = identities.filter((value) => output.includes(value));
    expect(leaked).toEqual([]);
  });
});

describe("the README walkthrough against a running sandbox", { timeout: 180_000 }, () => {
  it("cancels an appointment so the next sync starts a waitlist fill, and takes simulated replies", async () => {
    dir = tempDir();
    const job = start(dir.dir);
    started = job;
    await waitFor(job, /"event":"sync\.summary"/, 60_000);
    const env = { DATA_DIR: dir.dir };

    const cancel = await runCli(["sandbox", "cancel"], env, 60_000);
    expect(cancel.code).toBe(0);
    const cancelled = /Cancelled (Appointment\/[\w-]+)/.exec(cancel.stdout)?.[1];
    expect(cancelled).toBeDefined();
    const summaries = () => [...job.output().matchAll(/^\{"level":"info","event":"sync\.summary".*$/gm)].map((m) => JSON.parse(m[0]) as Record<string, number>);
    // The queued sync waits behind the first sync's reminder runs; on a loaded 2-core CI machine that takes a while.
    const deadline = Date.now() + 100_000;
    while (!summaries().some((s) => s.cancelled === 1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(summaries().find((s) => s.cancelled === 1)?.waitlistFillsStarted).toBe(1);

    expect((await runCli(["sandbox", "reply", "not-a-phone", "C"], env)).code).toBe(2);
    const reply = await runCli(["sandbox", "reply", "+13125550142", "HELP"], env);
    expect(reply.code).toBe(0);
    const outbox = await runCli(["sandbox", "outbox", "--to", "+13125550142"], env);
    expect(outbox.code).toBe(0);
    expect(outbox.stdout).toMatch(/to \+13125550142[\s\S]*Sunrise Family Clinic/);

    job.child.kill("SIGTERM");
    expect((await job.exited).code).toBe(0);
    const after = await runCli(["sandbox", "reply", "+13125550142", "C"], env);
    expect(after.code).toBe(1);
    expect(after.stderr).toMatch(/No sandbox is running/);
  });
});

describe("minnow start refuses settings that cannot work", { timeout: 60_000 }, () => {
  it("refuses real Twilio credentials without PUBLIC_URL, and a short MINNOW_API_KEY, before anything starts", async () => {
    dir = tempDir();
    const twilio = { TWILIO_ACCOUNT_SID: `AC${"1".repeat(32)}`, TWILIO_AUTH_TOKEN: "t".repeat(32), TWILIO_FROM: "+13125550100" };
    const result = await runCli(["start"], { DATA_DIR: dir.dir, PORT: "0", MINNOW_API_KEY: "too-short", ...twilio });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/MINNOW_API_KEY: must be at least 32 characters/);
    expect(result.stderr).toMatch(/PUBLIC_URL: is required with real Twilio credentials/);
    expect(result.stderr).not.toContain("too-short");
  });
});
