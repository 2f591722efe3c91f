/**
 * Reminder fan-out, end to end: sync N due appointments from the sandbox EHR over HTTP, then the
 * policy decision, the render, the twilio SDK and a local fake Twilio, on the embedded engine
 * (SQLite). Compared with a raw `messages.create` loop to the same fake at the same concurrency.
 * The EHR and the fake Twilio run in a child process (bench/fanout-peers.ts), as remote systems
 * would, so they do not share minnow's event loop.
 * `npm run bench -- fanout` (BENCH_FANOUT_N overrides the 10,000), or `npx tsx bench/fanout.ts`.
 */
import { createFhirClient } from "../connectors/fhir/client.js";
import { createTwilioClient } from "../connectors/twilio/client.js";
import { createEmbeddedEngine } from "../src/engine/embedded/index.js";
import { setLogLevel } from "../src/log.js";
import { createTwilioGateway } from "../src/messaging/twilio-gateway.js";
import type { Services } from "../src/runtime/services.js";
import { buildWorkflows, workflowList } from "../workflows/index.js";
import { openTestServices } from "../tests/helpers/test-services.js";
import { startPeers } from "./fanout-peers.js";
import { profiled } from "./profile.js";
import { runDirectly } from "./run-directly.js";
import type { BenchRow } from "./types.js";

const GROUP = "fan-out";
const COUNT = Number(process.env.BENCH_FANOUT_N ?? 10_000);
const CONCURRENCY = 8;
const PER_PHONE = 5;
// Tuesday 13:00 in Chicago: inside every US state's sending hours, so no reminder is deferred.
const NOW = new Date("2026-12-01T19:00:00Z");
const TWILIO = { accountSid: `AC${"be".repeat(16)}`, authToken: "bench-token", messagingServiceSid: `MG${"be".repeat(16)}` };

/**
 * Why the ratio falls short, as measured with BENCH_PROFILE: the raw loop makes one HTTP call per
 * message; a reminder makes two (the EHR re-read at wake, then Twilio) plus about 50 SQL
 * statements (journal, effect, outbound record, prompt, audit chain), AES-GCM and HMAC, all
 * CPU-bound on one core.
 */
const SHORTFALL = "short: per reminder 2 HTTP calls (EHR re-read at wake, Twilio) to the loop's 1, plus ~50 durable SQL statements, encryption and the audit chain; CPU-bound on one core";

async function rawLoop(baseUrl: string, phones: string[]): Promise<number> {
  const client = createTwilioClient({ accountSid: TWILIO.accountSid, authToken: TWILIO.authToken, apiBaseUrl: baseUrl });
  let next = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < phones.length) {
        const to = phones[next++] ?? "";
        await client.messages.create({ to, messagingServiceSid: TWILIO.messagingServiceSid, body: "Sunrise Family Clinic: You have an upcoming appointment. Reply C to confirm or R to reschedule. Reply STOP to opt out." });
      }
    }),
  );
  return phones.length / ((performance.now() - startedAt) / 1000);
}

export async function runFanoutBench(): Promise<BenchRow[]> {
  setLogLevel("warn");
  const peers = await startPeers({ count: COUNT, now: NOW.toISOString(), perPhone: PER_PHONE, twilio: { accountSid: TWILIO.accountSid, authToken: TWILIO.authToken } });
  const { phones } = peers;
  const base = await openTestServices({ now: NOW, config: { consent: { fromEhr: { scopes: ["appointment"], phiLevel: "none", evidence: "Bench intake form" } }, caps: { perDay: PER_PHONE, perWeek: 20 } } });
  try {
    let services: Services | undefined;
    const workflows = buildWorkflows(() => {
      if (!services) throw new Error("services not ready");
      return services;
    });
    const engine = createEmbeddedEngine({ store: base.store, workflows: workflowList(workflows), clock: base.clock, concurrency: CONCURRENCY });
    services = { ...base, engine, sms: createTwilioGateway({ ...TWILIO, apiBaseUrl: peers.twilioUrl }, undefined), sources: { fhir: createFhirClient({ baseUrl: peers.ehrUrl, auth: { type: "none" } }) } };
    const startedAt = performance.now();
    await profiled(GROUP, async () => {
      await engine.start(workflows.sync, {}, { key: "bench-sync" });
      await engine.drain({ maxMs: 3_600_000 });
    });
    const seconds = (performance.now() - startedAt) / 1000;
    const sent = await peers.sent();
    if (sent !== COUNT) throw new Error(`Fan-out bench: ${sent} of ${COUNT} reminders reached the fake Twilio.`);
    const peakRssMb = (process.resourceUsage().maxRSS * 1024) / 2 ** 20;
    await engine.stop();
    const minnowRate = COUNT / seconds;
    const rawRate = await rawLoop(peers.twilioUrl, phones.slice(0, Math.min(COUNT, 2_000)));
    const ratio = minnowRate / rawRate;
    const n = COUNT.toLocaleString("en-US");
    return [
      { group: GROUP, name: `${n} due reminders end to end (EHR over HTTP → sync → decide → render → SDK → fake Twilio)`, value: minnowRate, unit: "msg/s", note: `${seconds.toFixed(1)} s, embedded engine on SQLite, concurrency ${CONCURRENCY}` },
      { group: GROUP, name: "raw messages.create loop to the same fake", value: rawRate, unit: "msg/s", note: `same SDK client, concurrency ${CONCURRENCY}` },
      { group: GROUP, name: "ratio: minnow / raw loop", value: ratio, unit: "×", target: "≥ 0.5", ok: ratio >= 0.5, ...(ratio >= 0.5 ? {} : { note: SHORTFALL }) },
      { group: GROUP, name: "peak RSS during the fan-out", value: peakRssMb, unit: "MB", note: "the minnow process; the sandbox EHR and the fake Twilio run in a second process, as remote systems would" },
    ];
  } finally {
    await base.dispose();
    peers.close();
  }
}

runDirectly(import.meta.url, "fan-out", runFanoutBench);
