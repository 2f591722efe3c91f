/**
 * Embedded engine figures: step completions per second on SQLite, and the cost of a restart with
 * 100,000 sleeping runs in the store (RSS, and the time until due runs execute again).
 * `npm run bench -- engine`, or `npx tsx bench/engine.ts` on its own.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { createEmbeddedEngine } from "../src/engine/embedded/index.js";
import { defineWorkflow, ref } from "../src/engine/port.js";
import { setLogLevel } from "../src/log.js";
import { openStore } from "../src/store/db.js";
import { renderTable } from "./table.js";
import { isMainModule } from "./run-directly.js";
import type { BenchRow } from "./types.js";

const GROUP = "engine";
const ONE_STEP_RUNS = 10_000;
const SLEEPING_RUNS = 100_000;
const DUE_AFTER_RESTART = 100;
const PROBE_FLAG = "--restart-probe";

const oneStep = defineWorkflow({
  id: "bench-one-step",
  input: z.object({ ref: ref() }),
  run: async ({ ref: r }, step) => step.run("only", () => r),
});

async function measureThroughput(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "minnow-bench-"));
  const store = await openStore({ dataDir });
  try {
    const engine = createEmbeddedEngine({ store, workflows: [oneStep] });
    const startedAt = performance.now();
    for (let i = 0; i < ONE_STEP_RUNS; i++) await engine.start(oneStep, { ref: `r${i}` }, { key: `k${i}` });
    const enqueuedAt = performance.now();
    const cpuBefore = process.cpuUsage();
    await engine.drain({ maxMs: 300_000 });
    const drainedAt = performance.now();
    const cpu = process.cpuUsage(cpuBefore);
    const completed = (await engine.listRuns({ status: "completed" })).length;
    if (completed !== ONE_STEP_RUNS) throw new Error(`Throughput bench: only ${completed} of ${ONE_STEP_RUNS} runs completed.`);
    const perSecond = ONE_STEP_RUNS / ((drainedAt - enqueuedAt) / 1000);
    return [
      { group: GROUP, name: "starts/s (SQLite, idempotent insert)", value: ONE_STEP_RUNS / ((enqueuedAt - startedAt) / 1000), unit: "/s" },
      { group: GROUP, name: `step completions/s, ${ONE_STEP_RUNS.toLocaleString("en-US")} one-step runs (SQLite, concurrency 8)`, value: perSecond, unit: "/s", target: "≥ 500/s", ok: perSecond >= 500 },
      // Wall-clock throughput depends on what else the machine runs; CPU per run does not.
      { group: GROUP, name: "step completions per CPU-second (same runs)", value: ONE_STEP_RUNS / ((cpu.user + cpu.system) / 1e6), unit: "/s", note: "the wall-clock figure's ceiling on an idle core" },
    ];
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Writes the state a long-lived install has: many runs asleep (each with a journaled step), a few due. */
async function seedSleepingStore(dataDir: string): Promise<void> {
  const store = await openStore({ dataDir });
  const now = Date.now();
  const row = (i: number, due: boolean) => ({
    id: `run-${i}`,
    workflow_id: oneStep.id,
    run_key: `k${i}`,
    input: JSON.stringify({ ref: `r${i}` }),
    status: due ? ("pending" as const) : ("sleeping" as const),
    attempts: 0,
    wake_at: due ? now : now + 86_400_000 + i,
    lease_until: null,
    lease_owner: null,
    wait_key: null,
    error: null,
    output: null,
    created_at: now,
    updated_at: now,
  });
  try {
    const total = SLEEPING_RUNS + DUE_AFTER_RESTART;
    for (let from = 0; from < total; from += 1_000) {
      const ids = Array.from({ length: Math.min(1_000, total - from) }, (_, k) => from + k);
      await store.db.transaction().execute(async (trx) => {
        await trx.insertInto("workflow_runs").values(ids.map((i) => row(i, i >= SLEEPING_RUNS))).execute();
        const slept = ids.filter((i) => i < SLEEPING_RUNS);
        if (slept.length) await trx.insertInto("run_steps").values(slept.map((i) => ({ run_id: `run-${i}`, name: "run:fetch", result: `"ref-${i}"`, created_at: now }))).execute();
      });
    }
  } finally {
    await store.close();
  }
}

interface ProbeReport {
  sinceProcessStartMs: number;
  sinceStoreOpenMs: number;
  rssBytes: number;
  maxRssBytes: number;
}

/** Runs in a fresh process: opens the store, starts the worker, and reports once the due runs completed. */
async function restartProbe(dataDir: string): Promise<void> {
  setLogLevel("warn");
  const openedAt = performance.now();
  const store = await openStore({ dataDir });
  const engine = createEmbeddedEngine({ store, workflows: [oneStep], pollIntervalMs: 50 });
  engine.startWorker();
  for (;;) {
    const done = await store.db.selectFrom("workflow_runs").select((eb) => eb.fn.countAll<number>().as("n")).where("status", "=", "completed").executeTakeFirstOrThrow();
    if (Number(done.n) >= DUE_AFTER_RESTART) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const report: ProbeReport = {
    sinceProcessStartMs: performance.now(),
    sinceStoreOpenMs: performance.now() - openedAt,
    rssBytes: process.memoryUsage().rss,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  await engine.stop();
  await store.close();
  console.log(JSON.stringify(report));
}

function runProbeProcess(dataDir: string): Promise<ProbeReport> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", self, PROBE_FLAG, dataDir], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0) return reject(new Error(`Restart probe exited with ${String(code)}: ${out}`));
      try {
        resolve(JSON.parse(line) as ProbeReport);
      } catch (cause) {
        reject(new Error(`Restart probe printed no report: ${out}`, { cause }));
      }
    });
  });
}

async function measureRestart(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "minnow-bench-restart-"));
  try {
    await seedSleepingStore(dataDir);
    const spawnedAt = performance.now();
    const report = await runProbeProcess(dataDir);
    const wallMs = performance.now() - spawnedAt;
    const mb = (bytes: number) => bytes / 2 ** 20;
    const note = `fresh process, ${SLEEPING_RUNS.toLocaleString("en-US")} sleeping + ${DUE_AFTER_RESTART} due runs`;
    return [
      { group: GROUP, name: "restart: time until due runs completed (process spawn → done)", value: wallMs / 1000, unit: "s", target: "< 10 s", ok: wallMs < 10_000, note: `${note}; includes Node + tsx start-up` },
      { group: GROUP, name: "restart: of which store open → due runs completed", value: report.sinceStoreOpenMs / 1000, unit: "s", note },
      { group: GROUP, name: "restart: peak RSS of the restarted process", value: mb(report.maxRssBytes), unit: "MB", target: "< 300 MB", ok: mb(report.maxRssBytes) < 300, note },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runEngineBench(): Promise<BenchRow[]> {
  setLogLevel("warn");
  return [...(await measureThroughput()), ...(await measureRestart())];
}

if (isMainModule(import.meta.url)) {
  const probeAt = process.argv.indexOf(PROBE_FLAG);
  const job = probeAt >= 0 ? restartProbe(process.argv[probeAt + 1] ?? "") : runEngineBench().then((rows) => console.log(renderTable(rows)));
  job.catch((err: unknown) => {
    console.error("engine bench failed:", err);
    process.exit(1);
  });
}
