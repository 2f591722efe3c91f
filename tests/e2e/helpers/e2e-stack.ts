import { SIGNED_TWILIO_BAA } from "../../helpers/test-services.js";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import twilio from "twilio";
import { loadEnv } from "../../../src/config/env.js";
import { inboundRouter } from "../../../src/messaging/inbound/inbound-router.js";
import { createTwilioGateway } from "../../../src/messaging/twilio-gateway.js";
import { startFakeTwilio, type FakeMessage, type FakeTwilio } from "../../../src/sandbox/fake-twilio.js";
import { INBOUND_PATH } from "../../../src/server/routes/twilio-webhooks.js";
import { createMainApp } from "../../../src/server/main-app.js";
import { openScenario, type PracticeScenario, type Scenario } from "../../workflows/helpers/scenario.js";

/**
 * The workflow scenario (sandbox EHR over HTTP, embedded engine, test store, movable clock) with
 * the parts a practice really runs around it: the main Hono app on a real 127.0.0.1 port, and SMS
 * through the twilio SDK against the local fake Twilio. Patients answer with signed webhooks.
 */
export const ACCOUNT_SID = `AC${"e".repeat(32)}`;
export const AUTH_TOKEN = "e2e-twilio-auth-token";
export const MESSAGING_SERVICE_SID = `MG${"e".repeat(32)}`;
export const PRACTICE_NUMBER = "+13125550100";
export const API_KEY = "e2e-master-key-0123456789abcdef0";

export interface Stack<S extends PracticeScenario = Scenario> {
  scenario: S;
  twilio: FakeTwilio;
  /** http://127.0.0.1:<port> where the main app listens; also PUBLIC_URL. */
  serverUrl: string;
  /** Messages the fake Twilio accepted for this phone (every one if no phone). */
  sentTo(phone?: string): FakeMessage[];
  /**
   * Posts a signed inbound SMS to the server and waits until the router has handled it. `to`: the
   * sender the patient answers (a location's number or Messaging Service); the practice's by default.
   */
  reply(from: string, body: string, to?: string): Promise<Response>;
  /** Posts several signed inbound SMS at once, then waits for routing. */
  replyAll(replies: Array<{ from: string; body: string }>): Promise<Response[]>;
  dispose(): Promise<void>;
}

function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<ServerType> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(server));
  });
}

let sidCounter = 0;
function nextSid(): string {
  sidCounter += 1;
  return `SM${sidCounter.toString(16).padStart(32, "0")}`;
}

/** The stack around a scenario; `open` picks the engine (the embedded engine by default). */
export async function openStack(config?: Record<string, unknown>): Promise<Stack>;
export async function openStack<S extends PracticeScenario>(config: Record<string, unknown>, open: (config: Record<string, unknown>) => Promise<S>): Promise<Stack<S>>;
export async function openStack(config: Record<string, unknown> = {}, open: (config: Record<string, unknown>) => Promise<PracticeScenario> = openScenario): Promise<Stack<PracticeScenario>> {
  const scenario = await open(config);
  const services = scenario.services;
  const fake = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  const app = createMainApp(services);
  const server = await listen((req) => app.fetch(req));
  const serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  services.env = loadEnv({
    PUBLIC_URL: serverUrl,
    MINNOW_API_KEY: API_KEY,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_MESSAGING_SERVICE_SID: MESSAGING_SERVICE_SID,
    TWILIO_API_BASE_URL: fake.baseUrl,
  });
  services.config = { ...services.config, baa: { ...SIGNED_TWILIO_BAA, ...services.config.baa } };
  services.sms = createTwilioGateway({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, messagingServiceSid: MESSAGING_SERVICE_SID, apiBaseUrl: fake.baseUrl }, serverUrl);

  async function post(from: string, body: string, to = MESSAGING_SERVICE_SID): Promise<Response> {
    const sid = nextSid();
    const sender: Record<string, string> = to.startsWith("MG") ? { To: PRACTICE_NUMBER, MessagingServiceSid: to } : { To: to };
    const params = { AccountSid: ACCOUNT_SID, MessageSid: sid, SmsSid: sid, From: from, ...sender, Body: body, NumMedia: "0" };
    const url = `${serverUrl}${INBOUND_PATH}`;
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params);
    return fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature }, body: new URLSearchParams(params).toString() });
  }
  async function settle(): Promise<void> {
    await inboundRouter(services).idle();
    await scenario.drain();
  }

  return {
    scenario,
    twilio: fake,
    serverUrl,
    sentTo: (phone) => fake.messages().filter((m) => phone === undefined || m.to === phone),
    async reply(from, body, to) {
      const res = await post(from, body, to);
      await settle();
      return res;
    },
    async replyAll(replies) {
      const responses = await Promise.all(replies.map((r) => post(r.from, r.body)));
      await settle();
      return responses;
    },
    async dispose() {
      await scenario.dispose();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections(); // keep-alive sockets would hold close open
      });
      await fake.close();
    },
  };
}
