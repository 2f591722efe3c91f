/**
 * Waitlist figures (`npm run bench -- waitlist`, or `npx tsx bench/waitlist.ts`), one practice and
 * one run: the sandbox EHR over HTTP, the embedded engine's background worker on SQLite, SMS
 * through the twilio SDK to a local fake Twilio, and the main Hono app on a real port.
 * - Cancellation → first offer: a slot is cancelled in the EHR, a sync sees it and starts the fill;
 *   timed until the first offer reaches the fake Twilio, over several cancellations.
 * - 100 simultaneous YES: 100 waitlisted patients hold an open offer for one freed slot and all
 *   answer at once with signed inbound webhooks; the EHR must end with exactly one booking.
 */
import type { Appointment } from "@medplum/fhirtypes";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import twilio from "twilio";
import { createFhirClient, type FhirClient } from "../connectors/fhir/client.js";
import { resourcesOfType } from "../connectors/fhir/search-pages.js";
import { loadEnv } from "../src/config/env.js";
import { createEmbeddedEngine, type EmbeddedEngine } from "../src/engine/embedded/index.js";
import type { Engine } from "../src/engine/port.js";
import { setLogLevel } from "../src/log.js";
import { inboundRouter } from "../src/messaging/inbound/inbound-router.js";
import { createTwilioGateway } from "../src/messaging/twilio-gateway.js";
import type { Services } from "../src/runtime/services.js";
import { startFakeTwilio, type FakeMessage, type FakeTwilio } from "../src/sandbox/fake-twilio.js";
import { createMainApp } from "../src/server/main-app.js";
import { INBOUND_PATH } from "../src/server/routes/twilio-webhooks.js";
import { listEvents } from "../src/store/events.js";
import { buildWorkflows, workflowList, type MinnowWorkflows } from "../workflows/index.js";
import { openTestServices, SIGNED_TWILIO_BAA } from "../tests/helpers/test-services.js";
import { runDirectly } from "./run-directly.js";
import type { BenchRow } from "./types.js";
import { startWaitlistPractice, type BenchSlot, type WaitlistPractice } from "./waitlist-practice.js";

const GROUP = "waitlist";
const CANCELLATIONS = Number(process.env.BENCH_WAITLIST_CANCELS ?? 20);
const RACE = 100;
const PER_SLOT = 3;
const BACKGROUND = 200;
// Tuesday 13:00 in Chicago: inside sending hours, so no offer is deferred.
const NOW = new Date("2026-12-01T19:00:00Z");
const TWILIO = { accountSid: `AC${"5a".repeat(16)}`, authToken: "bench-waitlist-token", messagingServiceSid: `MG${"5a".repeat(16)}` };
const PRACTICE_NUMBER = "+13125550100";
const CONFIG = {
  consent: { fromEhr: { scopes: ["appointment", "waitlist"], phiLevel: "none", evidence: "Bench intake form" } },
  reminders: { touches: ["24h"], replyTouch: "24h" },
  waitlist: { batchSize: PER_SLOT, holdMinutes: 15 },
  // Offers go through "real" Twilio (a local fake): a practice doing that has its BAA on file.
  baa: SIGNED_TWILIO_BAA,
};

interface Bench {
  services: Services;
  engine: EmbeddedEngine;
  workflows: MinnowWorkflows;
  fhir: FhirClient;
  twilio: FakeTwilio;
  serverUrl: string;
  /** Real time at which sync started the waitlist fill for each cancelled ref. */
  detectedAt: Map<string, number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, maxMs: number, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Waitlist bench: ${what} did not happen within ${maxMs} ms.`);
    await sleep(5);
  }
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

function sentTo(bench: Bench, phones: readonly string[]): FakeMessage[] {
  const wanted = new Set(phones);
  return bench.twilio.messages().filter((m) => wanted.has(m.to));
}

async function cancel(bench: Bench, slot: BenchSlot): Promise<void> {
  const current = await bench.fhir.read<Appointment>("Appointment", slot.ref.split("/")[1] ?? "");
  await bench.fhir.update({ ...current, status: "cancelled" });
}

/** Cancels the slot in the EHR, runs a sync, and waits for its `offers` offers; returns sync start time. */
async function cancelAndSync(bench: Bench, slot: BenchSlot, key: string, offers: number): Promise<number> {
  await cancel(bench, slot);
  const syncStartedAt = Date.now();
  const { runId } = await bench.engine.start(bench.workflows.sync, {}, { key });
  await until(`${offers} offers for ${slot.ref}`, 60_000, () => (sentTo(bench, slot.phones).length >= offers ? true : undefined));
  await until(`sync ${key} to finish`, 60_000, async () => ((await bench.engine.getRun(runId))?.status === "completed" ? true : undefined));
  return syncStartedAt;
}

async function measureCancellations(bench: Bench, slots: BenchSlot[]): Promise<{ detect: number[]; fromSync: number[] }> {
  const detect: number[] = [];
  const fromSync: number[] = [];
  for (const [i, slot] of slots.entries()) {
    const syncStartedAt = await cancelAndSync(bench, slot, `bench-sync:cancel:${i}`, PER_SLOT);
    const first = Math.min(...sentTo(bench, slot.phones).map((m) => m.dateCreated.getTime()));
    const detectedAt = bench.detectedAt.get(slot.ref);
    if (detectedAt === undefined) throw new Error(`Waitlist bench: the sync never started a waitlist fill for ${slot.ref}.`);
    detect.push(first - detectedAt);
    fromSync.push(first - syncStartedAt);
  }
  return { detect: detect.sort((a, b) => a - b), fromSync: fromSync.sort((a, b) => a - b) };
}

function postYes(bench: Bench, from: string, n: number): Promise<Response> {
  const sid = `SM${(0x5a000 + n).toString(16).padStart(32, "0")}`;
  const params = { AccountSid: TWILIO.accountSid, MessageSid: sid, SmsSid: sid, From: from, To: PRACTICE_NUMBER, MessagingServiceSid: TWILIO.messagingServiceSid, Body: "YES", NumMedia: "0" };
  const url = `${bench.serverUrl}${INBOUND_PATH}`;
  const signature = twilio.getExpectedTwilioSignature(TWILIO.authToken, url, params);
  return fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature }, body: new URLSearchParams(params).toString() });
}

async function measureRace(bench: Bench, slot: BenchSlot) {
  // The config schema caps batchSize at 50; raised past it here so all 100 hold an open offer at once.
  bench.services.config.waitlist.batchSize = RACE;
  await cancelAndSync(bench, slot, "bench-sync:race", RACE);
  const offerKeys = `offer:${slot.ref}:`;
  const waiting = await until(`${RACE} offer runs waiting for an answer`, 30_000, async () => {
    const runs = (await bench.engine.listRuns({ workflowId: "waitlist-offer", status: "waiting" })).filter((r) => r.key.startsWith(offerKeys));
    return runs.length >= RACE ? runs.length : undefined;
  });
  const offered = sentTo(bench, slot.phones);
  if (offered.length !== RACE || new Set(offered.map((m) => m.to)).size !== RACE) throw new Error(`Waitlist bench: ${offered.length} offers to ${new Set(offered.map((m) => m.to)).size} patients, expected ${RACE}.`);

  const offeredSids = new Set(offered.map((m) => m.sid));
  const postedAt = Date.now();
  const responses = await Promise.all(slot.phones.map((phone, i) => postYes(bench, phone, i)));
  const refused = responses.filter((r) => r.status !== 200).length;
  if (refused) throw new Error(`Waitlist bench: ${refused} of ${RACE} signed YES webhooks were not answered 200.`);
  await inboundRouter(bench.services).idle();
  await until("every offer run to finish", 60_000, async () => {
    const open = (await bench.engine.listRuns({ workflowId: "waitlist-offer" })).filter((r) => r.key.startsWith(offerKeys) && r.status !== "completed");
    return open.length === 0 ? true : undefined;
  });
  const replies = await until(`${RACE} answers to the YES replies`, 30_000, () => {
    const later = sentTo(bench, slot.phones).filter((m) => !offeredSids.has(m.sid));
    return later.length >= RACE ? later : undefined;
  });
  const answeredMs = Math.max(...replies.map((m) => m.dateCreated.getTime())) - postedAt;

  const bundle = await bench.fhir.search("Appointment", { date: [`ge${slot.start.toISOString()}`, `lt${slot.end.toISOString()}`], _count: 500 });
  const bookings = resourcesOfType<Appointment>(bundle, "Appointment").filter((a) => a.status === "booked" && Date.parse(a.start ?? "") === slot.start.getTime()).length;
  const filledEvents = (await listEvents(bench.services.store, { type: "waitlist.slot_filled", limit: 1000 })).filter((e) => e.refs.cancelledRef === slot.ref).length;
  return {
    waiting,
    bookings,
    filledEvents,
    confirmations: replies.filter((m) => m.body.includes("You're booked")).length,
    alreadyFilled: replies.filter((m) => m.body.includes("just filled")).length,
    replies: replies.length,
    answeredMs,
  };
}

function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<ServerType> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(server));
  });
}

async function openBench(practice: WaitlistPractice, fake: FakeTwilio): Promise<{ bench: Bench; close(): Promise<void> }> {
  const base = await openTestServices({ now: NOW, config: CONFIG });
  const fhir = createFhirClient({ baseUrl: practice.ehr.baseUrl, auth: { type: "none" } });
  let services: Services | undefined;
  const workflows = buildWorkflows(() => {
    if (!services) throw new Error("services not ready");
    return services;
  });
  const engine = createEmbeddedEngine({ store: base.store, workflows: workflowList(workflows), clock: base.clock });
  const detectedAt = new Map<string, number>();
  // The engine as workflows see it, noting when sync starts a fill: the moment minnow knows of the cancellation.
  const noting: Engine = {
    start: (workflow, input, opts) => {
      if (workflow.id === workflows.waitlistFill.id) detectedAt.set((input as { cancelledRef: string }).cancelledRef, Date.now());
      return engine.start(workflow, input, opts);
    },
    signal: (key, payload) => engine.signal(key, payload),
  };
  services = { ...base, engine: noting, sms: createTwilioGateway({ ...TWILIO, apiBaseUrl: fake.baseUrl }, undefined), sources: { fhir } };
  const app = createMainApp(services);
  const server = await listen((req) => app.fetch(req));
  const serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  services.env = loadEnv({ PUBLIC_URL: serverUrl, MINNOW_API_KEY: "bench-waitlist-api-key-0123456789", TWILIO_ACCOUNT_SID: TWILIO.accountSid, TWILIO_AUTH_TOKEN: TWILIO.authToken, TWILIO_MESSAGING_SERVICE_SID: TWILIO.messagingServiceSid, TWILIO_API_BASE_URL: fake.baseUrl, LOG_LEVEL: "warn" });

  // The first sync is the cron tick at NOW (so the worker does not start another), then the worker runs as in production.
  await engine.tickSchedules(NOW);
  await engine.drain({ maxMs: 120_000 });
  engine.startWorker();
  const bench: Bench = { services, engine, workflows, fhir, twilio: fake, serverUrl, detectedAt };
  return {
    bench,
    async close() {
      await engine.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections(); // keep-alive sockets would hold close open
      });
      await base.dispose();
    },
  };
}

export async function runWaitlistBench(): Promise<BenchRow[]> {
  setLogLevel("warn");
  const practice = await startWaitlistPractice(NOW, { background: BACKGROUND, cancels: CANCELLATIONS, perSlot: PER_SLOT, raceWaitlist: RACE });
  const fake = await startFakeTwilio({ accountSid: TWILIO.accountSid, authToken: TWILIO.authToken });
  const opened = await openBench(practice, fake);
  try {
    const { bench } = opened;
    if (sentTo(bench, [...practice.cancels.flatMap((s) => s.phones), ...practice.race.phones]).length > 0) throw new Error("Waitlist bench: an offer went out before any cancellation.");
    const latency = await measureCancellations(bench, practice.cancels);
    const race = await measureRace(bench, practice.race);
    const max = latency.detect[latency.detect.length - 1] ?? NaN;
    const path = `sync (FHIR poll of ${practice.appointments} appointments over HTTP) sees the cancelled appointment and starts the fill (an EHR push to /webhooks/fhir/subscription starts that sync at once; the poll is the fallback)`;
    return [
      { group: GROUP, name: `cancellation → first offer at the fake Twilio, median of ${CANCELLATIONS}`, value: quantile(latency.detect, 0.5), unit: "ms", note: `${path}; p95 ${quantile(latency.detect, 0.95)} ms` },
      { group: GROUP, name: `cancellation → first offer, worst of ${CANCELLATIONS}`, value: max, unit: "ms", target: "< 1 s", ok: max < 1000, note: `embedded engine worker, batch of ${PER_SLOT} offers per slot` },
      { group: GROUP, name: "sync start → first offer (the whole poll included), median", value: quantile(latency.fromSync, 0.5), unit: "ms", note: `max ${latency.fromSync[latency.fromSync.length - 1]} ms; the poll interval (5 min by default) comes on top` },
      { group: GROUP, name: `bookings from ${RACE} simultaneous YES`, value: race.bookings, unit: "", target: "= 1", ok: race.bookings === 1, note: `booked Appointments at the slot in the EHR; ${race.waiting} offers open at once (batchSize raised past the config's max of 50); ${race.filledEvents} slot_filled event` },
      { group: GROUP, name: `"You're booked" confirmations sent`, value: race.confirmations, unit: "", target: "= 1", ok: race.confirmations === 1, note: `${race.alreadyFilled} "just filled", ${race.replies} answers in all` },
      { group: GROUP, name: `all ${RACE} YES answered (first POST → last answer at the fake Twilio)`, value: race.answeredMs, unit: "ms", note: "signed webhooks posted at once to the main Hono app; routing, claim, If-Match booking, replies" },
    ];
  } finally {
    await opened.close();
    await fake.close();
    await practice.ehr.close();
  }
}

runDirectly(import.meta.url, "waitlist", runWaitlistBench);
