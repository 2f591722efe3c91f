import fc from "fast-check";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inboundRouter } from "../../src/messaging/inbound/inbound-router.js";
import { formParams } from "../../src/messaging/inbound/inbound-sms.js";
import type { TestServices } from "../helpers/test-services.js";
import { ACCOUNT_SID, AUTH_TOKEN, PHONE_A, PHONE_B, PUBLIC_URL, openWebhookServices, seedPatient, seedPrompt, storeSnapshot } from "./helpers/twilio-webhooks.js";

/**
 * Random bodies through the signed inbound route: unicode, lone surrogates, invalid UTF-8 bytes,
 * control characters, keywords in odd company, huge bodies, stray fields. The route must never
 * answer 5xx, and must never leave a message half handled.
 */
const INBOUND = "/webhooks/twilio/inbound";
const URL_SIGNED = `${PUBLIC_URL}${INBOUND}`;
const SHARED_PROMPTS: string[] = [];
let services: TestServices;
let app: Awaited<ReturnType<typeof openWebhookServices>>["app"];
let counter = 0;
const outcomes = { routed: 0, refused: 0 };

beforeAll(async () => {
  ({ services, app } = await openWebhookServices());
  await seedPatient(services, "Patient/parent", PHONE_A);
  await seedPatient(services, "Patient/child", PHONE_A);
  await seedPatient(services, "Patient/solo", PHONE_B);
  SHARED_PROMPTS.push(await seedPrompt(services, "Patient/parent", PHONE_A), await seedPrompt(services, "Patient/child", PHONE_A));
  await seedPrompt(services, "Patient/solo", PHONE_B);
});
afterAll(() => services.dispose());

const keyword = fc.constantFrom("STOP", "start", "HELP", "yes", "Cancel", "no", "C", "alto", "🛑", "👍", "reschedule", "s t o p", "stop by at 3");
const controlChars = fc.string({ unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }), // lone surrogates and every plane
  controlChars,
  fc.tuple(fc.string({ maxLength: 30 }), keyword, fc.string({ unit: "binary", maxLength: 30 })).map(([a, k, b]) => `${a} ${k} ${b}`),
  fc.tuple(keyword, fc.integer({ min: 1_000, max: 120_000 })).map(([k, n]) => `${k} ${"x".repeat(n)}`),
);
/** Raw bytes in the form, some of them not UTF-8 at all. */
const rawBytes = fc.uint8Array({ maxLength: 64 }).map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, "0")}`).join(""));
const from = fc.oneof({ arbitrary: fc.constantFrom(PHONE_A, PHONE_B, "+13125550177", "(312) 555-0142"), weight: 6 }, { arbitrary: fc.string({ maxLength: 20 }), weight: 1 }, { arbitrary: fc.constant(""), weight: 1 });
const extraFields = fc.dictionary(fc.oneof(fc.constantFrom("__proto__", "constructor", "Body", "From", "ToCity"), fc.string({ maxLength: 10 })), fc.string({ maxLength: 20 }), { maxKeys: 3 });

const request = fc.record({ text, rawBytes: fc.option(rawBytes, { nil: undefined }), from, extra: extraFields, sidOk: fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }) });

type FuzzRequest = typeof request extends fc.Arbitrary<infer T> ? T : never;

function rawForm(input: FuzzRequest, sid: string): string {
  const base = new URLSearchParams({ AccountSid: ACCOUNT_SID, MessageSid: sid, From: input.from, To: "+13125550100", MessagingServiceSid: services.sms.sender });
  for (const [key, value] of Object.entries(input.extra)) base.append(key, value);
  const body = input.rawBytes === undefined ? new URLSearchParams({ Body: input.text }).toString() : `Body=${input.rawBytes}`;
  return `${base.toString()}&${body}`;
}

async function unroutedCount(): Promise<number> {
  const { db } = services.store;
  const inbound = await db.selectFrom("inbound_messages").select("id").where("intent", "is", null).execute();
  const outbound = await db.selectFrom("outbound_messages").select("id").where("status", "=", "pending").execute();
  const effects = await db.selectFrom("effects").select("key").where("status", "=", "pending").execute();
  return inbound.length + outbound.length + effects.length;
}

describe("signed inbound webhooks with random bodies", () => {
  it("never answer 5xx and never leave partial state (1,000+ bodies)", { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        counter += 1;
        const sid = input.sidOk ? `SM${counter.toString(16).padStart(32, "0")}` : `XX${counter}`;
        const raw = rawForm(input, sid);
        // Twilio signs the decoded fields it sent; the server decodes the same bytes the same way.
        const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, URL_SIGNED, formParams(raw));
        const before = await storeSnapshot(services);
        const res = await app.request(`http://127.0.0.1${INBOUND}`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
          body: raw,
        });
        await inboundRouter(services).idle();
        expect([200, 400]).toContain(res.status);
        if (res.status === 200) {
          outcomes.routed += 1;
          expect(await res.text()).toContain("<Response/>");
          const row = await services.store.db.selectFrom("inbound_messages").select("intent").where("provider_sid", "=", sid).executeTakeFirst();
          expect(row?.intent).toBeTruthy();
        } else {
          outcomes.refused += 1;
          expect(((await res.json()) as { error: { details: { field: string } } }).error.details.field).toMatch(/^(MessageSid|From|To)$/);
          expect(await storeSnapshot(services)).toBe(before);
        }
        expect(await unroutedCount()).toBe(0);
      }),
      { numRuns: 1_050 },
    );
    // The property exercised both paths, and replies (confirmations, HELP, clarifications) went out.
    expect(outcomes.routed).toBeGreaterThan(500);
    expect(outcomes.refused).toBeGreaterThan(50);
    expect(services.sms.sent.length).toBeGreaterThan(3);
    // Whatever arrived, the shared phone's two prompts were never answered on a guess.
    const guessed = services.engine.signals.filter((s) => SHARED_PROMPTS.includes(s.key) && (s.payload as { intent: string }).intent !== "opt_out");
    expect(guessed).toEqual([]);
  });

  it("refuse unsigned random bodies with 403 and change nothing", { timeout: 120_000 }, async () => {
    const before = await storeSnapshot(services);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), fc.uint8Array({ maxLength: 300 })), fc.option(fc.string({ maxLength: 40 }), { nil: undefined }), async (body, signature) => {
        const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
        if (signature !== undefined && /^[\x20-\x7e]*$/.test(signature)) headers["x-twilio-signature"] = signature;
        const res = await app.request(`http://127.0.0.1${INBOUND}`, { method: "POST", headers, body });
        expect(res.status).toBe(403);
      }),
      { numRuns: 300 },
    );
    expect(await storeSnapshot(services)).toBe(before);
  });
});
