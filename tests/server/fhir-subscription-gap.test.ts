import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseSubscriptionNotification } from "../../connectors/fhir/subscription-receiver.js";
import { setLogSink, type LogRecord } from "../../src/log.js";
import { createApp } from "../../src/server/app.js";
import { FHIR_SUBSCRIPTION_PATH, mountFhirSubscriptionWebhook } from "../../src/server/routes/fhir-subscription-webhook.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";
import { SUBSCRIPTION_TOKEN } from "./helpers/fhir-notifications.js";

/** A Backport notification whose event number skips ahead means lost notifications: a sync starts at once. */
const NOW = new Date("2026-11-24T16:00:20Z");
let services: TestServices;
let app: ReturnType<typeof createApp>;
let logs: LogRecord[];

beforeEach(async () => {
  services = await openTestServices({ now: NOW, env: { FHIR_SUBSCRIPTION_TOKEN: SUBSCRIPTION_TOKEN } });
  app = createApp(services, [mountFhirSubscriptionWebhook()]);
  logs = [];
  setLogSink((r) => logs.push(r));
});
afterEach(async () => {
  setLogSink(null);
  await services.dispose();
});

/** An R4 Backport notification (Parameters status) with explicit event numbers. */
function notification(type: string, events: number[], since?: number, subscription = "Subscription/sub-7"): object {
  return {
    resourceType: "Bundle",
    type: "history",
    entry: [{
      resource: {
        resourceType: "Parameters",
        parameter: [
          { name: "subscription", valueReference: { reference: subscription } },
          { name: "status", valueCode: "active" },
          { name: "type", valueCode: type },
          ...(since === undefined ? [] : [{ name: "events-since-subscription-start", valueString: String(since) }]),
          ...events.map((n) => ({ name: "notification-event", part: [{ name: "event-number", valueString: String(n) }, { name: "focus", valueReference: { reference: `Appointment/a${n}` } }] })),
        ],
      },
    }],
  };
}

const post = (body: object) =>
  app.request(FHIR_SUBSCRIPTION_PATH, { method: "POST", headers: { "content-type": "application/fhir+json", authorization: `Bearer ${SUBSCRIPTION_TOKEN}` }, body: JSON.stringify(body) });
const gapRuns = () => services.engine.starts.filter((s) => s.workflowId === "sync" && s.opts.key.startsWith("fhir-gap:")).map((s) => s.opts.key);

describe("missed Subscription notifications", () => {
  it("reads event numbers and the event count from R4 and R4B status entries", () => {
    expect(parseSubscriptionNotification(notification("event-notification", [5, 4], 5))).toMatchObject({ eventNumbers: [4, 5], eventsSinceStart: 5 });
    const r4b = { resourceType: "Bundle", type: "subscription-notification", entry: [{ resource: { resourceType: "SubscriptionStatus", type: "heartbeat", eventsSinceSubscriptionStart: "9", subscription: { reference: "Subscription/s" } } }] };
    expect(parseSubscriptionNotification(r4b)).toMatchObject({ kind: "heartbeat", eventsSinceStart: 9 });
    expect(parseSubscriptionNotification(notification("event-notification", []))).not.toHaveProperty("eventNumbers");
  });

  it("starts a sync when an event number is skipped, and none for events in order or a redelivery", async () => {
    expect((await post(notification("handshake", [], 0))).status).toBe(200);
    await post(notification("event-notification", [1], 1));
    await post(notification("event-notification", [2], 2));
    await post(notification("event-notification", [2], 2));
    expect(gapRuns()).toEqual([]);
    expect((await post(notification("event-notification", [5], 5))).status).toBe(200);
    expect(gapRuns()).toEqual(["fhir-gap:Subscription/sub-7:5"]);
    expect(logs.find((l) => l.event === "fhir.subscription.gap")?.fields).toMatchObject({ subscriptionRef: "Subscription/sub-7", missed: 2, highest: 5 });
  });

  it("starts a sync when a heartbeat counts more events than were delivered", async () => {
    await post(notification("event-notification", [3], 3));
    await post(notification("heartbeat", [], 3));
    expect(gapRuns()).toEqual([]);
    await post(notification("heartbeat", [], 4));
    expect(gapRuns()).toEqual(["fhir-gap:Subscription/sub-7:4"]);
  });

  it("keeps each Subscription's count apart, and takes the first number seen as the mark", async () => {
    await post(notification("event-notification", [10], 10, "Subscription/a"));
    await post(notification("event-notification", [1], 1, "Subscription/b"));
    await post(notification("event-notification", [11], 11, "Subscription/a"));
    expect(gapRuns()).toEqual([]);
    await post(notification("event-notification", [3], 3, "Subscription/b"));
    expect(gapRuns()).toEqual(["fhir-gap:Subscription/b:3"]);
  });
});
