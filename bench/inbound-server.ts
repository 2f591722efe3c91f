/**
 * The server half of bench/inbound.ts: the real webhook routes and a hello-world route on one Hono
 * app and one @hono/node-server port, over a fresh SQLite store seeded with patients, consents and
 * open reminders. The SMS gateway and engine answer at once, so the figure is minnow's own cost.
 * The baseline route takes the same form post and commits one row to the same store before its
 * answer: the least a webhook that never loses a message can do.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { sql } from "kysely";
import { loadEnv } from "../src/config/env.js";
import { parsePracticeConfig } from "../src/config/practice.js";
import type { Engine } from "../src/engine/port.js";
import { setLogLevel } from "../src/log.js";
import type { SmsGateway } from "../src/messaging/sms-gateway.js";
import type { Services } from "../src/runtime/services.js";
import { createApp, type RouteMount } from "../src/server/app.js";
import { mountTwilioWebhooks } from "../src/server/routes/twilio-webhooks.js";
import { inboundRouter } from "../src/messaging/inbound/inbound-router.js";
import { recordConsent } from "../src/store/consent-ledger.js";
import { upsertContact } from "../src/store/contacts.js";
import { openStore } from "../src/store/db.js";
import { generateKeyMaterial, parseKeyMaterial } from "../src/store/keyring.js";
import { openPrompt } from "../src/store/prompts.js";
import { openStoreCrypto } from "../src/store/store-crypto.js";
import { startProfile } from "./profile.js";

export interface BenchServerOptions {
  publicUrl: string;
  authToken: string;
  accountSid: string;
  serviceSid: string;
  patients: number;
  phone: (i: number) => string;
}

const mountHello: RouteMount = (app) => {
  app.get("/bench/hello", (c) => c.text("Hello, world!"));
};

/** The baseline: parse the form, commit one row, answer. */
const mountCommitOne: RouteMount = (app, services) => {
  app.post("/bench/commit", async (c) => {
    const form = await c.req.parseBody();
    await sql`insert into bench_commits (sid, body, received_at) values (${String(form.MessageSid)}, ${String(form.Body)}, ${Date.now()})`.execute(services.store.db);
    return c.text("ok");
  });
};

/** How many accepted messages still wait to be routed, so the parent can time the backlog's drain. */
const mountPending: RouteMount = (app, services) => {
  app.get("/bench/pending", (c) => c.json({ pending: inboundRouter(services).pending() }));
};

export async function serveBenchApp(opts: BenchServerOptions): Promise<number> {
  setLogLevel("silent");
  const dataDir = mkdtempSync(join(tmpdir(), "minnow-bench-inbound-"));
  const store = await openStore({ dataDir });
  const crypto = await openStoreCrypto(store, parseKeyMaterial(generateKeyMaterial()));
  let sent = 0;
  const sms: SmsGateway = {
    sender: opts.serviceSid,
    send: async () => ({ ok: true, sid: `SM${(++sent).toString(16).padStart(32, "0")}`, status: "queued" }),
    findSent: async () => null,
  };
  const engine: Engine = { start: async (_w, _i, o) => ({ runId: o.key, started: true }), signal: async () => true };
  const services: Services = {
    env: loadEnv({ PUBLIC_URL: opts.publicUrl, TWILIO_ACCOUNT_SID: opts.accountSid, TWILIO_AUTH_TOKEN: opts.authToken, LOG_LEVEL: "silent" }),
    // The bench drives thousands of webhooks a second from one address: the per-source limit is off.
    config: parsePracticeConfig({ rateLimits: { webhooks: { enabled: false } } }),
    store,
    crypto,
    engine,
    sms,
    sources: {},
    clock: { now: () => new Date() },
  };

  const now = new Date();
  const day = 86_400_000;
  for (let i = 0; i < opts.patients; i++) {
    const patientRef = `Patient/bench-${i}`;
    const phone = opts.phone(i);
    await upsertContact(store, crypto, { patientRef, phone });
    await recordConsent(store, crypto, { patientRef, phone, scopes: ["appointment"], phiLevel: "minimal", source: "web-form", evidence: `bench-${i}`, capturedAt: new Date(now.getTime() - day) });
    await openPrompt(store, {
      phoneIdx: crypto.index.phone(phone),
      sender: opts.serviceSid,
      patientRef,
      kind: "reminder",
      subjectRef: `Appointment/bench-${i}`,
      expecting: ["confirm", "reschedule", "decline"],
      signalKey: `reply:bench-${i}`,
      expiresAt: new Date(now.getTime() + day),
    });
  }

  await sql`create table bench_commits (sid text primary key, body text not null, received_at integer not null)`.execute(store.db);
  const app = createApp(services, [mountTwilioWebhooks, mountHello, mountCommitOne, mountPending]);
  const stopProfile = await startProfile("inbound server");
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => resolve(info.port));
    const stop = () => server.close(() => void stopProfile().then(() => store.close()).finally(() => rmSync(dataDir, { recursive: true, force: true })));
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
}
