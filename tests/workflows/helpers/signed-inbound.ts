import type { Hono } from "hono";
import { afterEach, expect } from "vitest";
import { loadEnv } from "../../../src/config/env.js";
import { inboundRouter } from "../../../src/messaging/inbound/inbound-router.js";
import { createMainApp } from "../../../src/server/main-app.js";
import { INBOUND_PATH } from "../../../src/server/routes/twilio-webhooks.js";
import { SIGNED_TWILIO_BAA, TEST_MASTER_KEY } from "../../helpers/test-services.js";
import { ACCOUNT_SID, AUTH_TOKEN, nextSid, postSigned, PRACTICE_NUMBER, PUBLIC_URL } from "../../server/helpers/twilio-webhooks.js";
import { openScenario, type Scenario } from "./scenario.js";

/**
 * Opens scenarios behind minnow's own app, so texts arrive through the signed Twilio webhook; each
 * is disposed after its test, once the inbound router is idle. Call at a test file's top level.
 */
export function signedInboundPerTest(): () => Promise<{ scenario: Scenario; app: Hono }> {
  const opened: Scenario[] = [];
  afterEach(async () => {
    for (const scenario of opened.splice(0)) {
      await inboundRouter(scenario.services).idle();
      await scenario.dispose();
    }
  });
  return async () => {
    const scenario = await openScenario({ baa: SIGNED_TWILIO_BAA, reminders: { touches: ["2h"] } });
    opened.push(scenario);
    scenario.services.env = loadEnv({ PUBLIC_URL, MINNOW_API_KEY: TEST_MASTER_KEY, TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    return { scenario, app: createMainApp(scenario.services) };
  };
}

/** A signed inbound text; waits until it is routed and every run it started has gone as far as it can. */
export async function textFrom(scenario: Scenario, app: Hono, from: string, body: string, sid = nextSid()): Promise<string> {
  const params = { AccountSid: ACCOUNT_SID, MessageSid: sid, SmsSid: sid, From: from, To: PRACTICE_NUMBER, MessagingServiceSid: scenario.sms.sender, Body: body, NumMedia: "0" };
  const res = await postSigned(app, INBOUND_PATH, params);
  expect(res.status).toBe(200);
  await inboundRouter(scenario.services).idle();
  await scenario.drain();
  return sid;
}
