import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listMessagesTo } from "../../../connectors/twilio/actions/list-messages.js";
import { sendSms } from "../../../connectors/twilio/actions/send-sms.js";
import { createTwilioClient, type TwilioClient } from "../../../connectors/twilio/client.js";
import { startFakeTwilio, type FakeTwilio } from "../../../src/sandbox/fake-twilio.js";
import { ACCOUNT_SID, AUTH_TOKEN, FROM, MESSAGING_SERVICE_SID, STATUS_CALLBACK } from "./helpers.js";

/**
 * The real twilio SDK redirected by apiBaseUrl (TWILIO_API_BASE_URL) to the local fake over real
 * HTTP. No msw in this file: it would intercept the 127.0.0.1 traffic too.
 */
let fake: FakeTwilio;
let client: TwilioClient;
let n = 0;
const nextNumber = () => `+1312555${String(110 + ++n).padStart(4, "0")}`;

beforeAll(async () => {
  fake = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  client = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: fake.baseUrl });
});
afterAll(() => fake.close());

describe("sendSms redirected to the fake Twilio", () => {
  let to: string;
  beforeEach(() => void (to = nextNumber()));

  it("sends through a Messaging Service and the fake records it with the status callback", async () => {
    const result = await sendSms(client, { to, body: "Reminder", messagingServiceSid: MESSAGING_SERVICE_SID, statusCallbackUrl: STATUS_CALLBACK });
    expect(result).toMatchObject({ ok: true, status: "accepted" });
    const stored = fake.messages().find((m) => m.to === to);
    expect(stored).toMatchObject({ sid: result.ok ? result.sid : "", body: "Reminder", messagingServiceSid: MESSAGING_SERVICE_SID, from: null, statusCallback: STATUS_CALLBACK });
  });

  it("sends from a number", async () => {
    const result = await sendSms(client, { to, body: "Reminder", from: FROM });
    expect(result).toMatchObject({ ok: true, status: "queued" });
    expect(fake.messages().find((m) => m.to === to)).toMatchObject({ from: FROM, messagingServiceSid: null, statusCallback: null });
  });

  it("gets 21610 for an unsubscribed number and records nothing", async () => {
    fake.unsubscribe(to);
    const before = fake.messages().length;
    expect(await sendSms(client, { to, body: "x", from: FROM })).toEqual({ ok: false, kind: "unsubscribed", status: 400, code: 21610 });
    expect(fake.messages()).toHaveLength(before);
    fake.resubscribe(to);
    expect(await sendSms(client, { to, body: "x", from: FROM })).toMatchObject({ ok: true });
  });

  it.each<[number, number, string]>([
    [429, 20429, "retryable"],
    [500, 20500, "retryable"],
    [400, 21211, "invalid-number"],
    [400, 21614, "invalid-number"],
    [400, 30007, "filtered"],
  ])("maps a simulated HTTP %i code %i to %s, then recovers", async (status, code, kind) => {
    fake.failNext(1, { status, code });
    expect(await sendSms(client, { to, body: "x", from: FROM })).toEqual({ ok: false, kind, status, code });
    expect(await sendSms(client, { to, body: "x", from: FROM })).toMatchObject({ ok: true });
  });

  it("finds a message already sent since a moment, by body, without returning bodies", async () => {
    const since = new Date();
    const first = await sendSms(client, { to, body: "first", from: FROM });
    const second = await sendSms(client, { to, body: "second", from: FROM });
    const all = await listMessagesTo(client, { to, since });
    expect(all.map((m) => m.sid)).toEqual([second, first].map((r) => (r.ok ? r.sid : "")));
    expect(all[0]).not.toHaveProperty("body");
    const matching = await listMessagesTo(client, { to, since, body: "first" });
    expect(matching.map((m) => m.sid)).toEqual([first.ok ? first.sid : ""]);
    expect(await listMessagesTo(client, { to, since: new Date(Date.now() + 5_000) })).toEqual([]);
  });

  it("follows next_page_uri through the redirect when listing", async () => {
    for (let i = 0; i < 5; i++) await sendSms(client, { to, body: `m${i}`, from: FROM });
    const messages = await client.messages.list({ to, pageSize: 2 });
    expect(messages.map((m) => m.body)).toEqual(["m4", "m3", "m2", "m1", "m0"]);
  });

  it("fails with 401 (rejected) when the token is wrong", async () => {
    const wrong = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: "wrong", apiBaseUrl: fake.baseUrl });
    expect(await sendSms(wrong, { to, body: "x", from: FROM })).toEqual({ ok: false, kind: "rejected", status: 401, code: 20003 });
  });
});
