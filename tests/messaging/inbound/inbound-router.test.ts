import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inboundRouter, recoverUnroutedInbound } from "../../../src/messaging/inbound/inbound-router.js";
import { setLogSink, type LogRecord } from "../../../src/log.js";
import { decideConsent } from "../../../src/policy/consent.js";
import { latestConsentForPatient } from "../../../src/store/consent-ledger.js";
import type { TestServices } from "../../helpers/test-services.js";
import { PHONE_A, inboundParams, openWebhookServices, seedPatient } from "../../server/helpers/twilio-webhooks.js";
import twilio from "twilio";

let services: TestServices;
let app: Awaited<ReturnType<typeof openWebhookServices>>["app"];

beforeEach(async () => {
  ({ services, app } = await openWebhookServices());
  await seedPatient(services, "Patient/a", PHONE_A);
});
afterEach(async () => {
  await inboundRouter(services).idle();
  await services.dispose();
});

/** Posts without waiting for routing, as Twilio sees it. */
function postRaw(body: string) {
  const params = inboundParams(services, PHONE_A, body);
  const signature = twilio.getExpectedTwilioSignature("test-twilio-auth-token", "https://minnow.example.test/webhooks/twilio/inbound", params);
  return {
    sid: params.MessageSid,
    response: app.request("http://127.0.0.1/webhooks/twilio/inbound", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature }, body: new URLSearchParams(params).toString() }),
  };
}
const intentOf = async (sid: string | undefined) =>
  (await services.store.db.selectFrom("inbound_messages").select("intent").where("provider_sid", "=", sid ?? "").executeTakeFirst())?.intent;

describe("the inbound router", () => {
  it("answers Twilio before routing, then routes", async () => {
    const { sid, response } = postRaw("HELP");
    expect((await response).status).toBe(200);
    expect(await intentOf(sid)).toBeNull();
    expect(services.sms.sent).toHaveLength(0);
    await inboundRouter(services).idle();
    expect(await intentOf(sid)).toBe("help");
    expect(services.sms.sent).toHaveLength(1);
  });

  it("applies STOP then START from one phone in arrival order", async () => {
    const first = postRaw("STOP");
    await first.response;
    const second = postRaw("START");
    await second.response;
    await inboundRouter(services).idle();
    const consent = await latestConsentForPatient(services.store, services.crypto, "Patient/a");
    expect(decideConsent(consent, { scope: "appointment", at: services.clock.now() }).allowed).toBe(true);
    expect(services.sms.sent.map((m) => /resubscribed/.test(m.body))).toEqual([false, true]);
  });

  it("leaves a message whose routing failed unrouted, and recovery routes it later", async () => {
    const send = services.sms.send.bind(services.sms);
    services.sms.send = async () => {
      throw new Error("provider down");
    };
    const logged: LogRecord[] = [];
    setLogSink((record) => logged.push(record));
    const { sid, response } = postRaw("HELP");
    await response;
    await inboundRouter(services).idle();
    setLogSink(null);
    expect(await intentOf(sid)).toBeNull();
    expect(logged.filter((r) => r.event === "inbound.route_failed")).toHaveLength(1);

    services.sms.send = send;
    expect(await recoverUnroutedInbound(services)).toBe(0); // too recent: it may still be in flight
    services.setNow(new Date(services.clock.now().getTime() + 61_000));
    expect(await recoverUnroutedInbound(services)).toBe(1);
    await inboundRouter(services).idle();
    expect(await intentOf(sid)).toBe("help");
    expect(services.sms.sent).toHaveLength(1);
  });

  it("queues an id once however often it is enqueued", async () => {
    const router = inboundRouter(services);
    const { sid, response } = postRaw("hello there");
    await response;
    const row = await services.store.db.selectFrom("inbound_messages").select("id").where("provider_sid", "=", sid ?? "").executeTakeFirstOrThrow();
    router.enqueue(row.id);
    router.enqueue(row.id);
    await router.idle();
    expect(router.pending()).toBe(0);
    expect(services.sms.sent).toHaveLength(1);
  });
});
