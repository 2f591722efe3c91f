import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTwilio, type FakeTwilio } from "../../src/sandbox/fake-twilio.js";

/** The fake over raw HTTP (fetch), as any client would see it. No msw here: all traffic is local. */
const SID = `AC${"1".repeat(32)}`;
const TOKEN = "fake-token";
const AUTH = `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString("base64")}`;
const FROM = "+13125550199";

let fake: FakeTwilio;
const url = (path: string) => `${fake.baseUrl}/2010-04-01/Accounts/${SID}${path}`;

async function create(form: Record<string, string>, authorization = AUTH, sid = SID) {
  const response = await fetch(`${fake.baseUrl}/2010-04-01/Accounts/${sid}/Messages.json`, {
    method: "POST",
    headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function get(path: string) {
  const response = await fetch(url(path), { headers: { authorization: AUTH } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => void (fake = await startFakeTwilio({ accountSid: SID, authToken: TOKEN })));
afterAll(() => fake.close());

describe("fake Twilio Messages API", () => {
  it("creates a message in Twilio's wire shape", async () => {
    const { status, body } = await create({ To: "+13125550101", From: FROM, Body: "hello", StatusCallback: "https://minnow.example.test/s" });
    expect(status).toBe(201);
    expect(body).toMatchObject({ account_sid: SID, to: "+13125550101", from: FROM, body: "hello", status: "queued", direction: "outbound-api", num_segments: "1", error_code: null, date_sent: null });
    expect(body.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(body.date_created).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(body.uri).toBe(`/2010-04-01/Accounts/${SID}/Messages/${String(body.sid)}.json`);
  });

  it.each<[string, Record<string, string>, number]>([
    ["no To", { From: FROM, Body: "x" }, 21604],
    ["no sender", { To: "+13125550101", Body: "x" }, 21603],
    ["no Body", { To: "+13125550101", From: FROM }, 21602],
    ["a body over 1600 characters", { To: "+13125550101", From: FROM, Body: "x".repeat(1601) }, 21617],
    ["a non-E.164 To", { To: "3125550101", From: FROM, Body: "x" }, 21211],
  ])("answers %s with a 400 Twilio error %i", async (_name, form, code) => {
    const before = fake.messages().length;
    const { status, body } = await create(form);
    expect(status).toBe(400);
    expect(body).toEqual({ code, message: expect.any(String), more_info: `https://www.twilio.com/docs/errors/${code}`, status: 400 });
    expect(fake.messages()).toHaveLength(before);
  });

  it.each<[string, string, string]>([
    ["a wrong token", `Basic ${Buffer.from(`${SID}:nope`).toString("base64")}`, SID],
    ["no credentials", "", SID],
    ["another account in the path", AUTH, `AC${"9".repeat(32)}`],
  ])("refuses %s with 401", async (_name, authorization, sid) => {
    const { status, body } = await create({ To: "+13125550101", From: FROM, Body: "x" }, authorization, sid);
    expect(status).toBe(401);
    expect(body.code).toBe(20003);
  });

  it("fails exactly the next n creates as told", async () => {
    fake.failNext(2, { status: 503, code: 20503 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await create({ To: "+13125550102", From: FROM, Body: "x" })).status);
    expect(statuses).toEqual([503, 503, 201]);
  });

  it("answers 21610 for an unsubscribed number", async () => {
    fake.unsubscribe("+13125550103");
    const { status, body } = await create({ To: "+13125550103", MessagingServiceSid: `MG${"2".repeat(32)}`, Body: "x" });
    expect(status).toBe(400);
    expect(body.code).toBe(21610);
  });

  it("fetches one message and 404s an unknown one", async () => {
    const created = await create({ To: "+13125550104", From: FROM, Body: "one" });
    expect((await get(`/Messages/${String(created.body.sid)}.json`)).body).toMatchObject({ sid: created.body.sid, body: "one" });
    const missing = await get(`/Messages/SM${"0".repeat(32)}.json`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe(20404);
  });

  it("lists newest first, filtered by To, with next_page_uri keeping the filter", async () => {
    const to = "+13125550105";
    for (const body of ["a", "b", "c"]) await create({ To: to, From: FROM, Body: body });
    const first = await get(`/Messages.json?To=${encodeURIComponent(to)}&PageSize=2`);
    const messages = first.body.messages as Array<Record<string, unknown>>;
    expect(messages.map((m) => m.body)).toEqual(["c", "b"]);
    expect(first.body).toMatchObject({ page: 0, page_size: 2, start: 0, end: 1, previous_page_uri: null });
    const next = String(first.body.next_page_uri);
    expect(next).toContain(`To=${encodeURIComponent(to)}`);
    const second = await fetch(`${fake.baseUrl}${next}`, { headers: { authorization: AUTH } }).then((r) => r.json() as Promise<Record<string, unknown>>);
    expect((second.messages as Array<Record<string, unknown>>).map((m) => m.body)).toEqual(["a"]);
    expect(second.next_page_uri).toBeNull();
  });

  it("filters by DateSent> (messages not yet sent have no date_sent)", async () => {
    const list = await get(`/Messages.json?${new URLSearchParams({ "DateSent>": "2000-01-01T00:00:00Z" }).toString()}`);
    expect(list.body.messages).toEqual([]);
  });

  it("404s unknown paths and 405s unsupported methods", async () => {
    expect((await fetch(`${fake.baseUrl}/2010-04-01/Accounts/${SID}/Calls.json`, { headers: { authorization: AUTH } })).status).toBe(404);
    expect((await fetch(url("/Messages.json"), { method: "DELETE", headers: { authorization: AUTH } })).status).toBe(405);
  });
});

describe("fake Twilio status callbacks", () => {
  let receiver: Server;
  let receiverUrl: string;
  const received: Array<{ params: Record<string, string>; valid: boolean }> = [];
  let callbacks: FakeTwilio;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let text = "";
      req.on("data", (chunk: Buffer) => (text += chunk.toString()));
      req.on("end", () => {
        const params = Object.fromEntries(new URLSearchParams(text));
        const signature = String(req.headers["x-twilio-signature"] ?? "");
        received.push({ params, valid: twilio.validateRequest(TOKEN, signature, `${receiverUrl}`, params) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/twilio/status`;
    callbacks = await startFakeTwilio({ accountSid: SID, authToken: TOKEN, statusCallbacks: true });
  });
  afterAll(async () => {
    await callbacks.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it("posts signed sent then delivered callbacks, and undelivered with 30007 for a filtered number", async () => {
    callbacks.failDelivery("+13125550107", 30007);
    const post = (to: string) =>
      fetch(`${callbacks.baseUrl}/2010-04-01/Accounts/${SID}/Messages.json`, {
        method: "POST",
        headers: { authorization: AUTH, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ To: to, From: FROM, Body: "x", StatusCallback: receiverUrl }).toString(),
      }).then((r) => r.json() as Promise<{ sid: string }>);
    const ok = await post("+13125550106");
    const filtered = await post("+13125550107");
    await callbacks.settled();

    const statusesOf = (sid: string) => received.filter((r) => r.params.MessageSid === sid).map((r) => `${r.params.MessageStatus}${r.params.ErrorCode ? `:${r.params.ErrorCode}` : ""}`);
    expect(statusesOf(ok.sid)).toEqual(["sent", "delivered"]);
    expect(statusesOf(filtered.sid)).toEqual(["sent", "undelivered:30007"]);
    expect(received.every((r) => r.valid)).toBe(true);
    expect(callbacks.messages().map((m) => m.status)).toEqual(["delivered", "undelivered"]);
    expect(callbacks.messages()[0]?.dateSent).toBeInstanceOf(Date);
  });
});
