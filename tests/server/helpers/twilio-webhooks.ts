import type { Hono } from "hono";
import twilio from "twilio";
import { inboundRouter } from "../../../src/messaging/inbound/inbound-router.js";
import { createApp } from "../../../src/server/app.js";
import { mountTwilioWebhooks } from "../../../src/server/routes/twilio-webhooks.js";
import { recordConsent, type ConsentInput } from "../../../src/store/consent-ledger.js";
import { upsertContact } from "../../../src/store/contacts.js";
import { openPrompt } from "../../../src/store/prompts.js";
import { openTestServices, SIGNED_TWILIO_BAA, type TestServices } from "../../helpers/test-services.js";

export const AUTH_TOKEN = "test-twilio-auth-token";
export const ACCOUNT_SID = `AC${"a".repeat(32)}`;
export const PUBLIC_URL = "https://minnow.example.test";
/** The number patients text; the test gateway's sender is a Messaging Service. */
export const PRACTICE_NUMBER = "+13125550100";
export const PHONE_A = "+13125550142";
export const PHONE_B = "+13125550143";

const servicesOf = new WeakMap<Hono, TestServices>();

/** An app with the webhook routes; posts through postSigned wait until the message is routed. */
export function webhookApp(services: TestServices): Hono {
  const app = createApp(services, [mountTwilioWebhooks]);
  servicesOf.set(app, services);
  return app;
}

export async function openWebhookServices(env: Record<string, string> = {}): Promise<{ services: TestServices; app: Hono }> {
  const services = await openTestServices({ env: { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, ...env }, config: { baa: SIGNED_TWILIO_BAA } });
  return { services, app: webhookApp(services) };
}

let sidCounter = 0;
/** A fresh, well-formed inbound MessageSid. */
export function nextSid(): string {
  sidCounter += 1;
  return `SM${sidCounter.toString(16).padStart(32, "0")}`;
}

export function inboundParams(services: TestServices, from: string, body: string, sid = nextSid()): Record<string, string> {
  return { AccountSid: ACCOUNT_SID, MessageSid: sid, SmsSid: sid, From: from, To: PRACTICE_NUMBER, MessagingServiceSid: services.sms.sender, Body: body, NumMedia: "0" };
}

/** Posts a form the way Twilio does, signed over PUBLIC_URL + path unless a signature is given. */
export async function postSigned(app: Hono, path: string, params: Record<string, string>, opts: { signature?: string | null; token?: string; url?: string } = {}) {
  const url = opts.url ?? `${PUBLIC_URL}${path}`;
  const signature = opts.signature === undefined ? twilio.getExpectedTwilioSignature(opts.token ?? AUTH_TOKEN, url, params) : opts.signature;
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (signature !== null) headers["x-twilio-signature"] = signature;
  const res = await app.request(`http://127.0.0.1:8787${path}`, { method: "POST", headers, body: new URLSearchParams(params).toString() });
  const services = servicesOf.get(app);
  if (services) await inboundRouter(services).idle();
  return res;
}

export function sendInbound(app: Hono, services: TestServices, from: string, body: string, sid?: string) {
  return postSigned(app, "/webhooks/twilio/inbound", inboundParams(services, from, body, sid));
}

export async function seedPatient(services: TestServices, patientRef: string, phone: string, consent: Partial<ConsentInput> | null = {}, language?: string) {
  await upsertContact(services.store, services.crypto, { patientRef, phone, ...(language ? { language } : {}) }, services.clock.now());
  if (consent === null) return null;
  const at = new Date(services.clock.now().getTime() - 86_400_000);
  return recordConsent(
    services.store,
    services.crypto,
    { patientRef, phone, scopes: ["appointment", "waitlist"], phiLevel: "minimal", source: "web-form", evidence: "form-1", capturedAt: at, phoneVerified: true, ...consent },
    at,
  );
}

export async function seedPrompt(services: TestServices, patientRef: string, phone: string, opts: { kind?: "reminder" | "waitlist-offer"; subjectRef?: string; expecting?: string[] } = {}) {
  const kind = opts.kind ?? "reminder";
  const subjectRef = opts.subjectRef ?? `Appointment/${patientRef}-1`;
  const signalKey = `reply:${kind}:${subjectRef}`;
  await openPrompt(
    services.store,
    {
      phoneIdx: services.crypto.index.phone(phone),
      sender: services.sms.sender,
      patientRef,
      kind,
      subjectRef,
      expecting: opts.expecting ?? (kind === "reminder" ? ["confirm", "reschedule", "decline"] : ["accept"]),
      signalKey,
      expiresAt: new Date(services.clock.now().getTime() + 86_400_000),
    },
    new Date(services.clock.now().getTime() - 60_000),
  );
  return signalKey;
}

const TABLES = ["inbound_messages", "outbound_messages", "consents", "events", "audit_log", "effects", "conversations", "prompts"] as const;

/** Everything a webhook could change, as one comparable value (row counts, revocations, closings, statuses). */
export async function storeSnapshot(services: TestServices): Promise<string> {
  const { db } = services.store;
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  const consents = await db.selectFrom("consents").select(["id", "revoked_at"]).orderBy("id").execute();
  const prompts = await db.selectFrom("prompts").select(["id", "closed_at"]).orderBy("id").execute();
  const outbound = await db.selectFrom("outbound_messages").select(["id", "status", "error_code"]).orderBy("id").execute();
  const contacts = await db.selectFrom("contacts").select(["patient_ref", "invalid_at"]).orderBy("patient_ref").execute();
  return JSON.stringify({ counts, consents, prompts, outbound, contacts });
}
