/**
 * Reminder fan-out (bench/fanout-run.ts): end to end (sync included) at two sizes of day, 10,000
 * and 50,000 due reminders, and the due-time burst of 10,000 reminders synced ahead, each in its own child process started with the node flags `npm start` uses (the heap
 * cap and tsx; bench/start-flags.ts), so each peak RSS is that fan-out's alone, as `npm start` runs. Compared in the same run with the baseline (one
 * EHR read, one `messages.create`, one durable SQLite insert per reminder) and the raw
 * `messages.create` loop (bench/fanout-baselines.ts).
 * `npm run bench -- fanout`; BENCH_FANOUT_N and BENCH_FANOUT_LARGE_N override the two sizes.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { CONCURRENCY, LOOP_SAMPLE, SYNCED_AHEAD_FLAG, type FanoutMode, type FanoutRun } from "./fanout-run.js";
import { runDirectly } from "./run-directly.js";
import { startFlags } from "./start-flags.js";
import { EMBEDDED_RUNS_AT_ONCE } from "../src/runtime/create-engine.js";
import type { BenchRow } from "./types.js";

const GROUP = "fan-out";
const COUNT = Number(process.env.BENCH_FANOUT_N ?? 10_000);
const LARGE = Number(process.env.BENCH_FANOUT_LARGE_N ?? 50_000);
const RUNNER = fileURLToPath(new URL("./fanout-run.ts", import.meta.url));

/**
 * What end to end adds to the baseline's read, send and insert, as measured on 2,000 and 3,000
 * reminders (BENCH_PROFILE, a count of better-sqlite3 statements, and the two halves timed apart):
 * the sync itself, about 40% of the work (search pages, and per appointment the contact, consent,
 * seen and run rows), then per reminder its journal and effect, the outbound record, the prompt and
 * its share of the audit chain, with AES-GCM and HMAC, all on one core: about 33 SQL statements
 * and 1.4 group commits per reminder. The due-time burst is the part the baseline models.
 */
const END_TO_END_NOTE = "not the baseline's work: the sync (its search pages; each appointment's contact, consent, seen and run rows) is about 40% of it; the due-time burst (above) is the part compared with the baseline";
/** What holds the peak (node --trace-gc): the live heap after a full collection stays near 75 MB; npm start's heap cap stops V8 from letting garbage grow the heap far past it. */
const RSS_NOTE = "npm start's heap caps (--max-old-space-size=256, --max-semi-space-size=8); the live heap after a full GC stays near 75 MB; Node, tsx and the code loaded take about 230 MB before the first reminder";

function runChild(count: number, mode: FanoutMode = "cold"): Promise<FanoutRun> {
  return new Promise((resolve, reject) => {
    const child = fork(RUNNER, ["--count", String(count), ...(mode === "synced-ahead" ? [SYNCED_AHEAD_FLAG] : [])], { execArgv: startFlags(), stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let answered = false;
    child.on("message", (reply: { run: FanoutRun } | { error: string }) => {
      answered = true;
      if ("run" in reply) {
        // Each size's figures as soon as it is done: the 50,000 run takes most of an hour.
        console.error(`bench fan-out: ${count} reminders, ${mode}: ${JSON.stringify(reply.run)}`);
        resolve(reply.run);
      }
      else reject(new Error(`The ${count}-reminder fan-out failed: ${reply.error}`));
    });
    child.on("exit", (code) => answered || reject(new Error(`The ${count}-reminder fan-out exited (code ${code}) without a result.`)));
  });
}

const n = (count: number) => count.toLocaleString("en-US");

export async function runFanoutBench(): Promise<BenchRow[]> {
  const day = await runChild(COUNT);
  const burst = await runChild(COUNT, "synced-ahead");
  const large = await runChild(LARGE);
  const burstRatio = burst.rate / burst.baselineRate;
  const sag = large.rate / day.rate;
  const rssRatio = large.peakRssMb / day.peakRssMb;
  const within = large.lastFifthRate / large.firstFifthRate;
  const engineNote = `embedded engine on SQLite, ${EMBEDDED_RUNS_AT_ONCE} runs at once (npm start's), at most ${CONCURRENCY} calls out to the EHR and Twilio together`;
  return [
    { group: GROUP, name: `${n(COUNT)} due reminders, synced ahead: the due-time burst (re-read → decide → render → SDK → fake Twilio)`, value: burst.rate, unit: "msg/s", note: `${burst.seconds.toFixed(1)} s; the sync ahead took ${burst.syncSeconds.toFixed(1)} s (${n(Math.round(COUNT / burst.syncSeconds))} appointments/s), as the background sync does through the day; ${engineNote}` },
    { group: GROUP, name: "baseline: one EHR read + one messages.create + one durable SQLite insert per reminder", value: burst.baselineRate, unit: "msg/s", note: `same peers, same SDK clients, concurrency ${CONCURRENCY}, ${n(Math.min(COUNT, LOOP_SAMPLE))} reminders, the better of two runs after the burst` },
    { group: GROUP, name: "ratio: due-time burst / baseline", value: burstRatio, unit: "×", target: "≥ 0.5", ok: burstRatio >= 0.5, note: "the same external work per reminder: one EHR read (batched with others due) and one messages.create" },
    { group: GROUP, name: `${n(COUNT)} due reminders end to end (EHR over HTTP → sync → decide → render → SDK → fake Twilio)`, value: day.rate, unit: "msg/s", note: `${day.seconds.toFixed(1)} s, ${engineNote}` },
    { group: GROUP, name: "ratio: end to end / baseline", value: day.rate / day.baselineRate, unit: "×", note: `baseline ${Math.round(day.baselineRate)} msg/s in that run; ${END_TO_END_NOTE}` },
    { group: GROUP, name: "raw messages.create loop to the same fake", value: day.rawRate, unit: "msg/s", note: `same SDK client, concurrency ${CONCURRENCY}` },
    { group: GROUP, name: "ratio: end to end / raw loop", value: day.rate / day.rawRate, unit: "×", note: "the loop makes one HTTP call per message and writes nothing" },
    { group: GROUP, name: `${n(LARGE)} due reminders end to end`, value: large.rate, unit: "msg/s", note: `${large.seconds.toFixed(1)} s` },
    { group: GROUP, name: `throughput, ${n(LARGE)} vs ${n(COUNT)} reminders`, value: sag, unit: "×", target: "≥ 0.9", ok: sag >= 0.9, note: `last fifth of the ${n(LARGE)} at ${within.toFixed(2)}× the rate of its first fifth` },
    { group: GROUP, name: `peak RSS, ${n(COUNT)} reminders`, value: day.peakRssMb, unit: "MB", target: "≤ 300 MB", ok: day.peakRssMb <= 300, note: `${RSS_NOTE}; synced ahead, sync and burst together: ${Math.round(burst.peakRssMb)} MB` },
    { group: GROUP, name: `peak RSS, ${n(LARGE)} reminders`, value: large.peakRssMb, unit: "MB", note: "the minnow process alone; the sandbox EHR and the fake Twilio run in another, as remote systems would" },
    { group: GROUP, name: `peak RSS growth, ${n(LARGE)} vs ${n(COUNT)} reminders`, value: rssRatio, unit: "×", target: "≤ 1.3", ok: rssRatio <= 1.3 },
  ];
}

runDirectly(import.meta.url, "fan-out", runFanoutBench);
