import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { sendSms } from "../../../connectors/twilio/actions/send-sms.js";
import { createTwilioClient } from "../../../connectors/twilio/client.js";
import { useMsw } from "../fhir/helpers/msw.js";
import { ACCOUNT_SID, AUTH_TOKEN, FROM, MESSAGES_URL, MESSAGING_SERVICE_SID, STATUS_CALLBACK, TO, twilioMessage } from "./helpers.js";

/**
 * The real twilio SDK with its default HTTP client (axios over node:https), intercepted by msw.
 * Mocked responses need a Content-Length (HttpResponse.json/text set one): a bare
 * `new HttpResponse(body)` leaves the SDK's axios waiting until its timeout.
 */
const server = useMsw();
const client = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });

function captureCreate(respond?: () => Response) {
  const seen: Array<{ form: Record<string, string>; authorization: string | null }> = [];
  server.use(http.post(MESSAGES_URL, async ({ request }) => {
    const form = Object.fromEntries(new URLSearchParams(await request.text()));
    seen.push({ form, authorization: request.headers.get("authorization") });
    return respond ? respond() : HttpResponse.json(twilioMessage(form), { status: 201 });
  }));
  return seen;
}

describe("sendSms through the twilio SDK (msw)", () => {
  it("sends through a Messaging Service with the status callback and basic auth", async () => {
    const seen = captureCreate();
    const result = await sendSms(client, { to: TO, body: "Reminder: reply C to confirm", messagingServiceSid: MESSAGING_SERVICE_SID, statusCallbackUrl: STATUS_CALLBACK });
    expect(result).toEqual({ ok: true, sid: `SM${"3".repeat(32)}`, status: "accepted" });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.form).toEqual({ To: TO, Body: "Reminder: reply C to confirm", MessagingServiceSid: MESSAGING_SERVICE_SID, StatusCallback: STATUS_CALLBACK });
    expect(seen[0]?.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`);
  });

  it("sends from a number when no Messaging Service is given", async () => {
    const seen = captureCreate();
    const result = await sendSms(client, { to: TO, body: "hello", from: FROM, statusCallbackUrl: STATUS_CALLBACK });
    expect(result).toMatchObject({ ok: true, status: "queued" });
    expect(seen[0]?.form).toEqual({ To: TO, Body: "hello", From: FROM, StatusCallback: STATUS_CALLBACK });
  });

  it.each<[string, number, number | undefined, string]>([
    ["unsubscribed recipient", 400, 21610, "unsubscribed"],
    ["invalid To number", 400, 21211, "invalid-number"],
    ["To is not a mobile number", 400, 21614, "invalid-number"],
    ["carrier filtering", 400, 30007, "filtered"],
    ["rate limit", 429, 20429, "retryable"],
    ["server error", 500, 20500, "retryable"],
    ["bad gateway with no Twilio body", 502, undefined, "retryable"],
    ["another 4xx", 400, 21606, "rejected"],
    ["bad credentials", 401, 20003, "rejected"],
  ])("maps %s (HTTP %i, code %s) to %s", async (_name, status, code, kind) => {
    captureCreate(() => (code === undefined ? HttpResponse.text("<html>Bad gateway</html>", { status }) : HttpResponse.json({ code, message: "error", more_info: `https://www.twilio.com/docs/errors/${code}`, status }, { status })));
    const result = await sendSms(client, { to: TO, body: "x", from: FROM });
    expect(result).toEqual({ ok: false, kind, status, ...(code === undefined ? {} : { code }) });
  });

  it("reports a network failure as retryable with an unknown outcome", async () => {
    server.use(http.post(MESSAGES_URL, () => HttpResponse.error()));
    const result = await sendSms(client, { to: TO, body: "x", from: FROM });
    expect(result).toMatchObject({ ok: false, kind: "retryable", outcomeUnknown: true });
  });

  it.each(["3125550101", "+1 312 555 0101", "", "+0123456789"])("refuses the non-E.164 number %j without calling Twilio", async (to) => {
    const seen = captureCreate();
    expect(await sendSms(client, { to, body: "x", from: FROM })).toEqual({ ok: false, kind: "invalid-number" });
    expect(seen).toHaveLength(0);
  });
});
