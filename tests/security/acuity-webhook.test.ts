import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acuitySignature } from "../../connectors/acuity/webhook-signature.js";
import { loadEnv } from "../../src/config/env.js";
import { createApp } from "../../src/server/app.js";
import { mountAcuityWebhook } from "../../src/server/routes/acuity-webhook.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";

/**
 * Forged Acuity webhooks get 403 and start nothing; a genuine one starts one sync, and its replay
 * none. (Forged Twilio signatures are covered in tests/server/twilio-webhooks.test.ts, for the
 * inbound and status routes, including a signature made for another URL.)
 */
const API_KEY = "acuity-api-key-for-tests";
const BODY = "action=rescheduled&id=1234567&calendarID=42&appointmentTypeID=7";

let services: TestServices;
let syncs: Array<{ action: string; appointmentId: string }>;
let app: ReturnType<typeof createApp>;

beforeEach(async () => {
  services = await openTestServices({ env: { ACUITY_USER_ID: "12345", ACUITY_API_KEY: API_KEY } });
  syncs = [];
  app = createApp(services, [mountAcuityWebhook({ startSync: async (r) => void syncs.push(r) })]);
});
afterEach(() => services.dispose());

const post = (body: string, signature?: string) =>
  app.request("/webhooks/acuity", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...(signature === undefined ? {} : { "x-acuity-signature": signature }) }, body });

describe("POST /webhooks/acuity", () => {
  it.each([
    ["no signature", BODY, undefined],
    ["an empty signature", BODY, ""],
    ["a signature made with another key", BODY, acuitySignature(BODY, "not-the-api-key")],
    ["a signature of another body", BODY.replace("1234567", "7654321"), acuitySignature(BODY, API_KEY)],
    ["a hex instead of base64 signature", BODY, Buffer.from(acuitySignature(BODY, API_KEY), "base64").toString("hex")],
    ["the right signature with a trailing byte added to the body", `${BODY}&`, acuitySignature(BODY, API_KEY)],
  ])("refuses %s with 403 and starts nothing", async (_name, body, signature) => {
    const res = await post(body, signature);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { status: number } }).error.status).toBe(403);
    expect(syncs).toEqual([]);
  });

  it("starts one sync for a genuine delivery, and none for its replay", async () => {
    const first = await post(BODY, acuitySignature(BODY, API_KEY));
    expect(first.status).toBe(200);
    expect(syncs).toEqual([{ action: "rescheduled", appointmentId: "1234567" }]);
    const replay = await post(BODY, acuitySignature(BODY, API_KEY));
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ replay: true });
    expect(syncs).toHaveLength(1);
  });

  it.each(["action=changed&id=abc", "action=changed&id=1%2F..%2F2", "id=5", ""])("refuses a signed but malformed body %j with 422", async (body) => {
    const res = await post(body, acuitySignature(body, API_KEY));
    expect(res.status).toBe(422);
    expect(syncs).toEqual([]);
  });

  it.each(["action=order.completed&id=99", "action=deleted&id=1"])("acknowledges %j without a sync: the same parser as the trigger ignores it", async (body) => {
    const res = await post(body, acuitySignature(body, API_KEY));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, ignored: true });
    expect(syncs).toEqual([]);
  });

  it("answers 404 when Acuity is not configured, whatever the signature", async () => {
    const bare = await openTestServices();
    try {
      const unconfigured = createApp(bare, [mountAcuityWebhook({ startSync: async (r) => void syncs.push(r) })]);
      const res = await unconfigured.request("/webhooks/acuity", { method: "POST", headers: { "x-acuity-signature": acuitySignature(BODY, "") }, body: BODY });
      expect(res.status).toBe(404);
      expect(syncs).toEqual([]);
    } finally {
      await bare.dispose();
    }
  });

  it("answers 503 when the sync cannot start, and logs no body", async () => {
    const failing = createApp({ ...services, env: loadEnv({ ACUITY_API_KEY: API_KEY }) }, [mountAcuityWebhook({ startSync: async () => Promise.reject(new Error("engine down")) })]);
    const res = await failing.request("/webhooks/acuity", { method: "POST", headers: { "x-acuity-signature": acuitySignature(BODY, API_KEY) }, body: BODY });
    expect(res.status).toBe(503);
  });
});
