import twilio from "twilio";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_TWILIO_AUTH_TOKEN, signedUrl } from "../../src/server/routes/twilio-signature.js";
import { getInbound, listStaffInbox } from "../../src/store/inbound-messages.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";
import { AUTH_TOKEN, PHONE_A, PUBLIC_URL, inboundParams, nextSid, openWebhookServices, postSigned, seedPatient, sendInbound, storeSnapshot, webhookApp } from "./helpers/twilio-webhooks.js";

const INBOUND = "/webhooks/twilio/inbound";
let services: TestServices;
let app: Awaited<ReturnType<typeof openWebhookServices>>["app"];

beforeEach(async () => {
  ({ services, app } = await openWebhookServices());
  await seedPatient(services, "Patient/a", PHONE_A);
});
afterEach(() => services.dispose());

describe("POST /webhooks/twilio/inbound: signature", () => {
  it("answers a signed message with empty TwiML and records it", async () => {
    const res = await sendInbound(app, services, PHONE_A, "HELP");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/xml/);
    expect(await res.text()).toContain("<Response/>");
    const count = await services.store.db.selectFrom("inbound_messages").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  const forgeries: Array<[string, (params: Record<string, string>) => { params: Record<string, string>; opts: Parameters<typeof postSigned>[3] }]> = [
    ["no signature header", (p) => ({ params: p, opts: { signature: null } })],
    ["an empty signature", (p) => ({ params: p, opts: { signature: "" } })],
    ["a made-up signature", (p) => ({ params: p, opts: { signature: "bm90IGEgc2lnbmF0dXJl" } })],
    ["a signature made with another token", (p) => ({ params: p, opts: { token: "someone-elses-token" } })],
    ["a signature over another URL", (p) => ({ params: p, opts: { url: `${PUBLIC_URL}/webhooks/twilio/status` } })],
    ["a signature over another host", (p) => ({ params: p, opts: { url: `https://evil.example.test${INBOUND}` } })],
    ["the sandbox token while a Twilio account is configured", (p) => ({ params: p, opts: { token: SANDBOX_TWILIO_AUTH_TOKEN } })],
    [
      "a body changed after signing",
      (p) => ({ params: { ...p, Body: "START" }, opts: { signature: twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${INBOUND}`, p) } }),
    ],
  ];
  it.each(forgeries)("refuses %s with 403 JSON and changes nothing", async (_name, forge) => {
    const before = await storeSnapshot(services);
    const { params, opts } = forge(inboundParams(services, PHONE_A, "STOP"));
    const res = await postSigned(app, INBOUND, params, opts);
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { status: number; message: string } };
    expect(body.error.status).toBe(403);
    expect(body.error.message).toMatch(/X-Twilio-Signature/);
    expect(await storeSnapshot(services)).toBe(before);
    expect(services.sms.sent).toHaveLength(0);
    expect(services.engine.signals).toHaveLength(0);
  });

  it("refuses everything when a Twilio account is configured without TWILIO_AUTH_TOKEN", async () => {
    const noToken = await openTestServices({ env: { TWILIO_ACCOUNT_SID: `AC${"b".repeat(32)}` } });
    try {
      const appNoToken = webhookApp(noToken);
      const before = await storeSnapshot(noToken);
      for (const token of [SANDBOX_TWILIO_AUTH_TOKEN, ""]) {
        const res = await postSigned(appNoToken, INBOUND, inboundParams(noToken, PHONE_A, "STOP"), { token });
        expect(res.status).toBe(403);
        expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/TWILIO_AUTH_TOKEN/);
      }
      expect(await storeSnapshot(noToken)).toBe(before);
    } finally {
      await noToken.dispose();
    }
  });

  it("accepts the fixed sandbox token when no Twilio account is configured", async () => {
    const sandbox = await openTestServices();
    try {
      const sandboxApp = webhookApp(sandbox);
      const params = inboundParams(sandbox, PHONE_A, "HELP");
      expect((await postSigned(sandboxApp, INBOUND, params, { token: AUTH_TOKEN })).status).toBe(403);
      expect((await postSigned(sandboxApp, INBOUND, params, { token: SANDBOX_TWILIO_AUTH_TOKEN })).status).toBe(200);
      expect(sandbox.sms.sent).toHaveLength(1);
    } finally {
      await sandbox.dispose();
    }
  });

  it("checks the signature against PUBLIC_URL with its base path and the query string", async () => {
    const proxied = await openWebhookServices({ PUBLIC_URL: "https://clinic.example.test/minnow/" });
    try {
      const params = inboundParams(proxied.services, PHONE_A, "HELP");
      const path = `${INBOUND}?source=twilio`;
      const good = await postSigned(proxied.app, path, params, { url: `https://clinic.example.test/minnow${path}` });
      expect(good.status).toBe(200);
      const requestUrl = await postSigned(proxied.app, path, { ...params, MessageSid: nextSid() }, { url: `http://127.0.0.1:8787${path}` });
      expect(requestUrl.status).toBe(403);
    } finally {
      await proxied.services.dispose();
    }
  });

  it.each([
    ["https://clinic.example.test", "http://10.0.0.5:8787/webhooks/twilio/inbound?a=1", "https://clinic.example.test/webhooks/twilio/inbound?a=1"],
    ["https://clinic.example.test/base/", "http://10.0.0.5/webhooks/twilio/status", "https://clinic.example.test/base/webhooks/twilio/status"],
    [undefined, "http://localhost:8787/webhooks/twilio/inbound", "http://localhost:8787/webhooks/twilio/inbound"],
  ])("signedUrl(%s, %s) is %s", (publicUrl, requestUrl, expected) => {
    expect(signedUrl(publicUrl, requestUrl)).toBe(expected);
  });
});

describe("POST /webhooks/twilio/inbound: idempotency and refusals", () => {
  it("processes a duplicate MessageSid once", async () => {
    const sid = nextSid();
    for (let i = 0; i < 3; i++) expect((await sendInbound(app, services, PHONE_A, "what time is it open?", sid)).status).toBe(200);
    const rows = await services.store.db.selectFrom("inbound_messages").selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(await listStaffInbox(services.store)).toHaveLength(1);
    expect(services.sms.sent).toHaveLength(1);
    const events = await services.store.db.selectFrom("events").select("type").where("type", "=", "reply.unrecognized").execute();
    expect(events).toHaveLength(1);
  });

  it("finishes routing a duplicate whose first delivery died before routing, once the lease passed", async () => {
    const sid = nextSid();
    // The first delivery recorded the message and then the process died: intent is still null.
    const { recordInbound } = await import("../../src/store/inbound-messages.js");
    const first = await recordInbound(services.store, services.crypto, { providerSid: sid, phone: PHONE_A, sender: services.sms.sender, body: "HELP", receivedAt: services.clock.now() });
    expect((await sendInbound(app, services, PHONE_A, "HELP", sid)).status).toBe(200);
    expect(services.sms.sent).toHaveLength(0);
    services.setNow(new Date(services.clock.now().getTime() + 61_000));
    expect((await sendInbound(app, services, PHONE_A, "HELP", sid)).status).toBe(200);
    expect(services.sms.sent).toHaveLength(1);
    expect((await getInbound(services.store, first.id))?.intent).toBe("help");
    expect((await sendInbound(app, services, PHONE_A, "HELP", sid)).status).toBe(200);
    expect(services.sms.sent).toHaveLength(1);
  });

  it.each([
    ["MessageSid", { MessageSid: "", SmsSid: "" }],
    ["MessageSid", { MessageSid: "not-a-sid", SmsSid: "not-a-sid" }],
    ["From", { From: "" }],
    ["From", { From: "hello" }],
    ["To", { To: "", MessagingServiceSid: "" }],
  ])("refuses a signed form with a bad %s with 400 naming it, and changes nothing", async (field, change) => {
    const before = await storeSnapshot(services);
    const res = await postSigned(app, INBOUND, { ...inboundParams(services, PHONE_A, "STOP"), ...change });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; details: { field: string } } };
    expect(body.error.details.field).toBe(field);
    expect(body.error.message).toContain(field);
    expect(await storeSnapshot(services)).toBe(before);
  });

  it("refuses a body over the server limit with 413 before reading it", async () => {
    const before = await storeSnapshot(services);
    const res = await postSigned(app, INBOUND, inboundParams(services, PHONE_A, "x".repeat(300 * 1024)));
    expect(res.status).toBe(413);
    expect(await storeSnapshot(services)).toBe(before);
  });
});
