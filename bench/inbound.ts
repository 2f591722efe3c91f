/**
 * Inbound webhook figures (`npm run bench -- inbound`, or `npx tsx bench/inbound.ts`): signed
 * Twilio inbound webhooks at 50 connections (autocannon) against a real @hono/node-server port,
 * measured in the same run beside two routes on the same app and server:
 * - a baseline that commits one row per request (the least a durable webhook does): inbound
 *   throughput as a ratio to it (target ≥ 0.5);
 * - hello-world, kept as the ceiling of the server itself;
 * - p99 latency (target < 50 ms).
 * The server runs in a child process so autocannon's own work does not share its event loop.
 * Its store is a fresh SQLite file seeded with 2,000 patients, each with a consent and an open
 * reminder; the requests mix what arrives in practice: mostly "Yes", some questions, HELP, STOP.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon, { type AutocannonOptions } from "autocannon";
import twilio from "twilio";
import { isMainModule } from "./run-directly.js";
import type { BenchRow } from "./types.js";

const GROUP = "inbound";
const CONNECTIONS = 50;
const DURATION_S = 8;
const WARMUP_S = 2;
const PATIENTS = 2_000;
const PUBLIC_URL = "https://minnow.bench.test";
const AUTH_TOKEN = "bench-twilio-auth-token";
const ACCOUNT_SID = `AC${"b".repeat(32)}`;
const SERVICE_SID = `MG${"c".repeat(32)}`;
const INBOUND_PATH = "/webhooks/twilio/inbound";
const SERVE_FLAG = "--serve";

export const benchPhone = (i: number) => `+1312555${String(1000 + (i % PATIENTS)).padStart(4, "0")}`;
const MIX = ["Yes", "yes", "C", "Yes please", "ok", "yes 👍", "Y", "yes!", "confirm", "Yes", "yes", "Yes", "YES", "yes", "what time is it?", "is parking free", "running late", "HELP", "help", "STOP"];

interface Result {
  requests: { average: number; total: number };
  latency: { p99: number; p50: number };
  non2xx: number;
  errors: number;
}

function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), SERVE_FLAG], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /READY (\d+)/.exec(out);
      if (match?.[1]) resolve({ child, port: Number(match[1]) });
    });
    child.once("exit", (code) => reject(new Error(`The bench server exited (code ${code}) before it was ready; run \`npx tsx bench/inbound.ts --serve\` to see why.`)));
  });
}

function run(opts: AutocannonOptions): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err: Error | null, result: unknown) => (err ? reject(err) : resolve(result as Result)));
  });
}

/**
 * What the hello-world ratio leaves out: before answering, each webhook checks the HMAC signature, encrypts
 * the phone and body, and commits one row (Twilio must never get a 200 for a message minnow could
 * lose); the hello-world route does none of that. Routing shares the same core.
 */
const SHORTFALL = "each webhook verifies the signature, encrypts and durably commits the message before its 200; hello-world does no work; routing shares the core";
/** Beyond the baseline's one commit: the signature check, encrypting phone and body, and routing on the same core. */
const BASELINE_SHORTFALL = "short: beyond the baseline's commit, each webhook checks the signature, encrypts phone and body, and the routing of earlier messages shares the core; since the store's group commit the baseline's one-row commits are shared too (it tripled, the webhook rose about half)";

let sequence = 0;
function signedInbound(request: { body?: unknown; headers?: Record<string, string> }) {
  sequence += 1;
  const sid = `SM${sequence.toString(16).padStart(32, "0")}`;
  const params = { AccountSid: ACCOUNT_SID, MessageSid: sid, SmsSid: sid, From: benchPhone(sequence), To: "+13125550100", MessagingServiceSid: SERVICE_SID, Body: MIX[sequence % MIX.length] ?? "Yes", NumMedia: "0" };
  request.body = new URLSearchParams(params).toString();
  request.headers = { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${INBOUND_PATH}`, params) };
  return request;
}

/** Waits until the server has routed every accepted message; returns how long that took. */
async function drained(port: number): Promise<number> {
  const startedAt = performance.now();
  for (;;) {
    const { pending } = (await (await fetch(`http://127.0.0.1:${port}/bench/pending`)).json()) as { pending: number };
    if (pending === 0) return performance.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function measure(port: number): Promise<{ hello: Result; commit: Result; inbound: Result; drainMs: number }> {
  const base = { url: `http://127.0.0.1:${port}`, connections: CONNECTIONS };
  const hello = { ...base, path: "/bench/hello" };
  const commit = { ...base, requests: [{ method: "POST" as const, path: "/bench/commit", setupRequest: signedInbound }] };
  const inbound = { ...base, requests: [{ method: "POST" as const, path: INBOUND_PATH, setupRequest: signedInbound }] };
  await run({ ...hello, duration: WARMUP_S });
  await run({ ...commit, duration: WARMUP_S });
  await run({ ...inbound, duration: WARMUP_S });
  await drained(port);
  const helloResult = await run({ ...hello, duration: DURATION_S });
  const commitResult = await run({ ...commit, duration: DURATION_S });
  const inboundResult = await run({ ...inbound, duration: DURATION_S });
  return { hello: helloResult, commit: commitResult, inbound: inboundResult, drainMs: await drained(port) };
}

export async function runInboundBench(): Promise<BenchRow[]> {
  const { child, port } = await startServer();
  try {
    const { hello, commit, inbound, drainMs } = await measure(port);
    const failed = inbound.non2xx + inbound.errors + commit.non2xx + commit.errors;
    if (failed > 0) throw new Error(`Inbound bench: ${failed} requests failed (non-2xx or errors); the figures would flatter a route.`);
    const ratio = inbound.requests.average / hello.requests.average;
    const baselineRatio = inbound.requests.average / commit.requests.average;
    const note = `${CONNECTIONS} connections, ${DURATION_S} s each, ${PATIENTS.toLocaleString("en-US")} patients, SQLite`;
    return [
      { group: GROUP, name: "hello-world route req/s", value: hello.requests.average, unit: "/s", note },
      { group: GROUP, name: "signed inbound webhook req/s", value: inbound.requests.average, unit: "/s", note },
      { group: GROUP, name: "baseline: a Hono route that commits one row per request, req/s", value: commit.requests.average, unit: "/s", note: `${note}; same form post, same store, same server` },
      { group: GROUP, name: "inbound throughput / commit-one-row baseline", value: baselineRatio, unit: "×", target: "≥ 0.5", ok: baselineRatio >= 0.5, ...(baselineRatio >= 0.5 ? {} : { note: BASELINE_SHORTFALL }) },
      { group: GROUP, name: "inbound throughput / hello-world", value: ratio, unit: "×", note: SHORTFALL },
      { group: GROUP, name: "inbound p99 latency", value: inbound.latency.p99, unit: "ms", target: "< 50 ms", ok: inbound.latency.p99 < 50, note: `p50 ${inbound.latency.p50} ms` },
      { group: GROUP, name: "hello-world p99 latency", value: hello.latency.p99, unit: "ms" },
      {
        group: GROUP,
        name: "inbound routed/s, end to end (answered, then classified, acted on, replied to)",
        value: inbound.requests.total / ((DURATION_S * 1000 + drainMs) / 1000),
        unit: "/s",
        note: `backlog drained ${(drainMs / 1000).toFixed(1)} s after the load stopped`,
      },
    ];
  } finally {
    child.kill("SIGTERM");
  }
}

async function main(): Promise<void> {
  if (process.argv.includes(SERVE_FLAG)) {
    const { serveBenchApp } = await import("./inbound-server.js");
    const port = await serveBenchApp({ publicUrl: PUBLIC_URL, authToken: AUTH_TOKEN, accountSid: ACCOUNT_SID, serviceSid: SERVICE_SID, patients: PATIENTS, phone: benchPhone });
    process.stdout.write(`READY ${port}\n`);
    return;
  }
  const { renderTable } = await import("./table.js");
  console.log(renderTable(await runInboundBench()));
}

if (isMainModule(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error("inbound bench failed:", err);
    process.exit(1);
  });
}
