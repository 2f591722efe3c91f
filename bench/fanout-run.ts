/**
 * One measured fan-out, in the process that runs it, against the sandbox EHR over HTTP and a local
 * fake Twilio, on the embedded engine (SQLite) as `npm start` runs it: EMBEDDED_RUNS_AT_ONCE runs at
 * once, with at most CONCURRENCY calls out to the EHR and Twilio together. Two ways:
 * - cold ("end to end"): sync `count` due appointments, then the re-read, the policy decision, the
 *   render, the twilio SDK and the send, all measured together;
 * - synced ahead ("due-time burst"): the sync runs first, the day before the reminders fall due,
 *   as the background sync (every few minutes) would have; its reminder plans sleep. Then the
 *   clock reaches their due time, and what is measured is the burst of reminders waking at once:
 *   re-read, decide, render, send. That is the same external work per reminder as the
 *   baseline's, so its ratio to the baseline is the fair one.
 * Then, against the same peers, the raw loop and the baseline (bench/fanout-baselines.ts, its
 * better of two runs) over the first LOOP_SAMPLE reminders' numbers (10,000: a few seconds of
 * baseline swung 2× between runs). bench/fanout.ts runs this file as a child per day size, so
 * each peak RSS is one fan-out's alone.
 */
import { sql } from "kysely";
import { createFhirClient } from "../connectors/fhir/client.js";
import { createEmbeddedEngine } from "../src/engine/embedded/index.js";
import { setLogLevel } from "../src/log.js";
import { createTwilioGateway } from "../src/messaging/twilio-gateway.js";
import { callLimit, limitFhirCalls, limitSmsCalls } from "../src/runtime/call-limits.js";
import { EMBEDDED_RUNS_AT_ONCE } from "../src/runtime/create-engine.js";
import type { Services } from "../src/runtime/services.js";
import { buildWorkflows, workflowList } from "../workflows/index.js";
import { openTestServices } from "../tests/helpers/test-services.js";
import { baselineLoop, rawLoop } from "./fanout-baselines.js";
import { startPeers } from "./fanout-peers.js";
import { profiled } from "./profile.js";

export const CONCURRENCY = 8;
const PER_PHONE = 5;
export const LOOP_SAMPLE = 10_000;
// Tuesday 13:00 in Chicago: inside every US state's sending hours, so no reminder is deferred.
const NOW = new Date("2026-12-01T19:00:00Z");
/**
 * Synced ahead: the sync runs a day before NOW, 44 hours before the appointments (fanout-practice.ts:
 * 20 hours after NOW), before their touch falls due, so nothing is sent then and each plan sleeps.
 * The clock then moves to NOW, when every touch is due.
 */
const SYNCED_AT = new Date(NOW.getTime() - 24 * 3_600_000);
/**
 * The bench practice sends one touch, the confirm request a day before, so each reminder wakes once
 * and sends once, as a reminder at its due time does. With the default 72h and 24h, each of these
 * appointments (booked 20 hours ahead) would first skip, and audit, a stale 72-hour touch: what an
 * appointment booked late does, not a day's reminders.
 */
const REMINDERS = { touches: ["24h"], replyTouch: "24h" };
const TWILIO = { accountSid: `AC${"be".repeat(16)}`, authToken: "bench-token", messagingServiceSid: `MG${"be".repeat(16)}` };

export type FanoutMode = "cold" | "synced-ahead";

export interface FanoutRun {
  count: number;
  mode: FanoutMode;
  /** Synced ahead: how long the sync ahead took (not part of `seconds`); 0 when cold. */
  syncSeconds: number;
  seconds: number;
  /** Reminders per second over the whole fan-out, and over its first and last fifth (does it sag?). */
  rate: number;
  firstFifthRate: number;
  lastFifthRate: number;
  peakRssMb: number;
  rawRate: number;
  baselineRate: number;
}

/**
 * Samples the fake Twilio's count while the fan-out runs, to compare the send rate of its first
 * fifth (from the first text) with its last fifth: a fan-out that slows as the day grows shows here.
 */
function fifths(count: number, sent: () => Promise<number>): { stop(): Promise<{ first: number; last: number }> } {
  const at = () => performance.now() / 1000;
  let firstSendAt: number | undefined;
  let firstFifthAt: number | undefined;
  let lastFifthFrom: number | undefined;
  let stopped = false;
  const watching = (async () => {
    while (!stopped) {
      const n = await sent();
      if (firstSendAt === undefined && n > 0) firstSendAt = at();
      if (firstFifthAt === undefined && n >= count / 5) firstFifthAt = at();
      if (lastFifthFrom === undefined && n >= (count * 4) / 5) lastFifthFrom = at();
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await watching;
      const end = at();
      const fifth = count / 5;
      return { first: fifth / Math.max(0.25, (firstFifthAt ?? end) - (firstSendAt ?? 0)), last: fifth / Math.max(0.25, end - (lastFifthFrom ?? 0)) };
    },
  };
}

export async function runFanout(count: number, mode: FanoutMode = "cold"): Promise<FanoutRun> {
  setLogLevel("warn");
  const peers = await startPeers({ count, now: NOW.toISOString(), perPhone: PER_PHONE, twilio: { accountSid: TWILIO.accountSid, authToken: TWILIO.authToken } });
  const base = await openTestServices({ now: NOW, config: { consent: { fromEhr: { scopes: ["appointment"], phiLevel: "none", evidence: "Bench intake form" } }, caps: { perDay: PER_PHONE, perWeek: 20 }, reminders: REMINDERS } });
  try {
    let services: Services | undefined;
    const workflows = buildWorkflows(() => {
      if (!services) throw new Error("services not ready");
      return services;
    });
    // As `npm start` runs it: EMBEDDED_RUNS_AT_ONCE runs, their calls bounded (call-limits.ts). Here one
    // bound covers the EHR and Twilio together, so at most CONCURRENCY calls are out at once, as in
    // the baselines' CONCURRENCY workers.
    const engine = createEmbeddedEngine({ store: base.store, workflows: workflowList(workflows), clock: base.clock, concurrency: EMBEDDED_RUNS_AT_ONCE });
    const calls = callLimit(CONCURRENCY);
    const sms = limitSmsCalls(createTwilioGateway({ ...TWILIO, apiBaseUrl: peers.twilioUrl }, undefined), calls);
    services = { ...base, engine, sms, sources: { fhir: limitFhirCalls(createFhirClient({ baseUrl: peers.ehrUrl, auth: { type: "none" } }), calls) } };
    let syncSeconds = 0;
    if (mode === "synced-ahead") {
      base.setNow(SYNCED_AT);
      const syncFrom = performance.now();
      await engine.start(workflows.sync, {}, { key: "bench-sync" });
      await engine.drain({ maxMs: 3_600_000 });
      syncSeconds = (performance.now() - syncFrom) / 1000;
      const early = await peers.sent();
      if (early !== 0) throw new Error(`Fan-out bench: ${early} reminders were sent at the sync ahead, before they fell due.`);
      base.setNow(NOW);
    }
    const startedAt = performance.now();
    const watch = fifths(count, peers.sent);
    await profiled("fan-out", async () => {
      if (mode === "cold") await engine.start(workflows.sync, {}, { key: "bench-sync" });
      await engine.drain({ maxMs: 3_600_000 });
    });
    const seconds = (performance.now() - startedAt) / 1000;
    const { first, last } = await watch.stop();
    const sent = await peers.sent();
    if (sent !== count) throw new Error(`Fan-out bench: ${sent} of ${count} reminders reached the fake Twilio.`);
    const peakRssMb = (process.resourceUsage().maxRSS * 1024) / 2 ** 20;
    await engine.stop();
    // The loops run on a quiet store: minnow's WAL checkpointed, so its checkpoint thread does not
    // take the second core from the peers while they run.
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(base.store.db);
    const sample = Math.min(count, LOOP_SAMPLE);
    const loopPeers = { ehrUrl: peers.ehrUrl, twilioUrl: peers.twilioUrl, twilio: TWILIO };
    const rawRate = await rawLoop(loopPeers, peers.phones.slice(0, sample), CONCURRENCY);
    // The baseline's better of two runs: one run swung from about 600 to 1,100 msg/s between
    // otherwise equal children, and the better one is the harder mark for minnow.
    const work = peers.appointmentIds.slice(0, sample).map((appointmentId, i) => ({ appointmentId, phone: peers.phones[i] ?? "" }));
    const baselineRate = Math.max(await baselineLoop(loopPeers, work, CONCURRENCY), await baselineLoop(loopPeers, work, CONCURRENCY));
    return { count, mode, syncSeconds, seconds, rate: count / seconds, firstFifthRate: first, lastFifthRate: last, peakRssMb, rawRate, baselineRate };
  } finally {
    await base.dispose();
    peers.close();
  }
}

const COUNT_FLAG = "--count";
export const SYNCED_AHEAD_FLAG = "--synced-ahead";
const at = process.argv.indexOf(COUNT_FLAG);
if (at >= 0 && process.send) {
  runFanout(Number(process.argv[at + 1]), process.argv.includes(SYNCED_AHEAD_FLAG) ? "synced-ahead" : "cold").then(
    (run) => process.send?.({ run }, () => process.exit(0)),
    (err: unknown) => process.send?.({ error: err instanceof Error ? err.message : String(err) }, () => process.exit(1)),
  );
}
