import { existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { defineWorkflow } from "../../src/engine/port.js";
import { setLogLevel } from "../../src/log.js";
import { simulatedReply } from "../../src/cli/sandbox-reply-command.js";
import { startMainJob, type MainJob } from "../../src/runtime/main-job.js";
import { liveSandboxState, SANDBOX_STATE_FILE } from "../../src/runtime/sandbox-state.js";
import { tempDir, testEnv, type TempDir } from "./helpers.js";

/** A stand-in sync that counts its runs, so the job's wiring is tested apart from the real workflows. */
function countingWorkflows(counter: { runs: number }) {
  return () => ({
    sync: defineWorkflow({
      id: "sync",
      input: z.object({}),
      schedule: { cron: "*/5 * * * *" },
      run: async () => {
        counter.runs += 1;
      },
    }),
  });
}

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

let dir: TempDir;
let job: MainJob | undefined;
beforeAll(() => setLogLevel("silent"));
afterEach(async () => {
  await job?.stop();
  job = undefined;
  dir?.cleanup();
});
afterAll(() => setLogLevel("info"));

describe("startMainJob in the sandbox", () => {
  it("serves /health, runs exactly one first sync, and stops cleanly", async () => {
    dir = tempDir();
    const counter = { runs: 0 };
    job = await startMainJob(testEnv({ DATA_DIR: dir.dir, PORT: "0" }), { workflows: countingWorkflows(counter) });
    const health = await fetch(`${job.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    await until(() => counter.runs >= 1);
    await new Promise((r) => setTimeout(r, 1_200)); // several worker polls: no second sync
    expect(counter.runs).toBe(1);
    await job.stop();
    job = undefined;
    await expect(fetch(`http://127.0.0.1:${new URL(health.url).port}/health`)).rejects.toThrow();
  });

  it("runs one first sync again after a restart within the same cron interval", async () => {
    dir = tempDir();
    const counter = { runs: 0 };
    const env = testEnv({ DATA_DIR: dir.dir, PORT: "0" });
    job = await startMainJob(env, { workflows: countingWorkflows(counter) });
    await until(() => counter.runs === 1);
    await job.stop();
    job = await startMainJob(env, { workflows: countingWorkflows(counter) });
    await until(() => counter.runs === 2);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(counter.runs).toBe(2);
  });

  it("publishes where the sandbox is, takes a signed simulated reply, answers into the outbox, and cleans up", async () => {
    dir = tempDir();
    const env = testEnv({ DATA_DIR: dir.dir, PORT: "0" });
    job = await startMainJob(env, { workflows: countingWorkflows({ runs: 0 }) });
    const state = liveSandboxState(dir.dir);
    expect(state?.serverUrl).toBe(job.url);
    expect(state?.sender).toBe("+13125550100");
    expect(state?.ehrBaseUrl).toBe(job.runtime.sandboxEhr?.baseUrl);

    const reply = simulatedReply(env, job.url, state?.sender ?? "", "+13125550142", "HELP");
    const post = (signature: string) =>
      fetch(reply.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature }, body: new URLSearchParams(reply.params).toString() });
    expect((await post("forged")).status).toBe(403);
    expect((await post(reply.signature)).status).toBe(200);
    await until(() => (job?.runtime.outbox?.fake.messages() ?? []).some((m) => m.to === "+13125550142"));
    expect(job.runtime.outbox?.fake.messages().find((m) => m.to === "+13125550142")?.body).toMatch(/Sunrise Family Clinic/);

    await job.stop();
    job = undefined;
    expect(existsSync(join(dir.dir, SANDBOX_STATE_FILE))).toBe(false);
  });

  it("refuses to start on a port already taken, naming PORT", async () => {
    dir = tempDir();
    job = await startMainJob(testEnv({ DATA_DIR: dir.dir, PORT: "0" }), { workflows: countingWorkflows({ runs: 0 }) });
    const port = new URL(job.url).port;
    const other = tempDir();
    try {
      await expect(startMainJob(testEnv({ DATA_DIR: other.dir, PORT: port }), { workflows: countingWorkflows({ runs: 0 }) })).rejects.toThrow(/set PORT to a free port/);
    } finally {
      other.cleanup();
    }
  });
});
