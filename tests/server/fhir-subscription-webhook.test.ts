import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseSubscriptionNotification } from "../../connectors/fhir/subscription-receiver.js";
import { setLogSink, type LogRecord } from "../../src/log.js";
import { createApp } from "../../src/server/app.js";
import { FHIR_SUBSCRIPTION_PATH, mountFhirSubscriptionWebhook } from "../../src/server/routes/fhir-subscription-webhook.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";
import { backportBundle, r4bHeartbeat, restHookBundle, SUBSCRIPTION_TOKEN } from "./helpers/fhir-notifications.js";

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

function post(body: unknown, headers: Record<string, string> = {}, target = app) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return target.request(FHIR_SUBSCRIPTION_PATH, {
    method: "POST",
    headers: { "content-type": "application/fhir+json", authorization: `Bearer ${SUBSCRIPTION_TOKEN}`, ...headers },
    body: text,
  });
}

async function errorOf(res: Response): Promise<{ status: number; message: string }> {
  return ((await res.json()) as { error: { status: number; message: string } }).error;
}

const syncStarts = () => services.engine.starts.filter((s) => s.workflowId === "sync");

describe("POST /webhooks/fhir/subscription: authentication", () => {
  it("refuses every call with 403 naming the variable when FHIR_SUBSCRIPTION_TOKEN is not set", async () => {
    const bare = await openTestServices();
    try {
      const res = await post(restHookBundle(["Appointment/a1"]), {}, createApp(bare, [mountFhirSubscriptionWebhook()]));
      expect(res.status).toBe(403);
      expect((await errorOf(res)).message).toContain("FHIR_SUBSCRIPTION_TOKEN");
      expect(bare.engine.starts).toEqual([]);
    } finally {
      await bare.dispose();
    }
  });

  it.each([
    ["no Authorization header", { authorization: "" }],
    ["a wrong token", { authorization: "Bearer not-the-subscription-token-at-all" }],
    ["the token with a byte added", { authorization: `Bearer ${SUBSCRIPTION_TOKEN}x` }],
    ["the token cut short", { authorization: `Bearer ${SUBSCRIPTION_TOKEN.slice(0, -1)}` }],
    ["the token under another scheme", { authorization: `Basic ${SUBSCRIPTION_TOKEN}` }],
    ["the token alone", { authorization: SUBSCRIPTION_TOKEN }],
  ])("refuses %s with 401 and starts nothing", async (_name, headers) => {
    const res = await post(restHookBundle(["Appointment/a1"]), headers);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(services.engine.starts).toEqual([]);
  });

  it("checks the token before reading the body: a malformed body with a wrong token is 401", async () => {
    const res = await post("{not json", { authorization: "Bearer wrong-token-wrong-token" });
    expect(res.status).toBe(401);
  });

  it("accepts the scheme in any case", async () => {
    const res = await post(restHookBundle(["Appointment/a1"]), { authorization: `bearer ${SUBSCRIPTION_TOKEN}` });
    expect(res.status).toBe(200);
    expect(syncStarts()).toHaveLength(1);
  });
});

describe("POST /webhooks/fhir/subscription: notifications", () => {
  it.each([
    ["a Backport handshake", backportBundle("handshake"), "handshake"],
    ["a Backport heartbeat", backportBundle("heartbeat"), "heartbeat"],
    ["an R4B heartbeat", r4bHeartbeat(), "heartbeat"],
  ])("answers %s with 200 and starts nothing", async (_name, body, kind) => {
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, kind });
    expect(services.engine.starts).toEqual([]);
  });

  it.each([
    ["an R4 rest-hook id-only Bundle", restHookBundle(["Appointment/a1", "Appointment/a2"])],
    ["a Backport event notification", backportBundle("event-notification", ["http://ehr.test/fhir/Appointment/a1"])],
    ["an R4 rest-hook ping with no payload", ""],
  ])("starts one sync at once for %s, keyed by the minute", async (_name, body) => {
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, kind: "event-notification" });
    expect(syncStarts()).toEqual([{ workflowId: "sync", input: {}, opts: { key: "fhir-push:2026-11-24T16:00" } }]);
  });

  it("accepts an empty ping without a content type", async () => {
    const res = await app.request(FHIR_SUBSCRIPTION_PATH, { method: "POST", headers: { authorization: `Bearer ${SUBSCRIPTION_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(syncStarts()).toHaveLength(1);
  });

  it("coalesces a burst of 50 into one sync now and one follow-up at the minute's end; a minute later starts another", async () => {
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => post(restHookBundle([`Appointment/a${i}`]))));
    expect(burst.map((r) => r.status)).toEqual(Array(50).fill(200));
    const immediate = syncStarts().filter((s) => s.opts.at === undefined);
    const deferred = syncStarts().filter((s) => s.opts.at !== undefined);
    expect(immediate.map((s) => s.opts.key)).toEqual(["fhir-push:2026-11-24T16:00"]);
    expect(deferred.map((s) => [s.opts.key, s.opts.at?.toISOString()])).toEqual([["fhir-push:2026-11-24T16:00:after", "2026-11-24T16:01:00.000Z"]]);

    services.setNow(new Date("2026-11-24T16:01:20Z"));
    expect((await post(restHookBundle(["Appointment/a99"]))).status).toBe(200);
    expect(syncStarts().filter((s) => s.opts.at === undefined).map((s) => s.opts.key)).toEqual(["fhir-push:2026-11-24T16:00", "fhir-push:2026-11-24T16:01"]);
    expect(syncStarts()).toHaveLength(3);
  });

  it("books no follow-up for a lone notification", async () => {
    await post(restHookBundle(["Appointment/a1"]));
    services.setNow(new Date("2026-11-24T16:03:00Z"));
    await post(restHookBundle(["Appointment/a2"]));
    expect(syncStarts().map((s) => s.opts)).toEqual([{ key: "fhir-push:2026-11-24T16:00" }, { key: "fhir-push:2026-11-24T16:03" }]);
  });

  it("answers 503 when the sync cannot start, so the EHR retries", async () => {
    const failing = createApp(services, [mountFhirSubscriptionWebhook({ startSync: () => Promise.reject(new Error("engine down")) })]);
    const res = await post(restHookBundle(["Appointment/a1"]), {}, failing);
    expect(res.status).toBe(503);
    expect(logs.some((l) => l.event === "fhir.subscription.sync_start_failed" && l.fields.errorKind === "Error")).toBe(true);
  });

  it("logs the kind, the subscription and a count, never resource content", async () => {
    const patient = { resourceType: "Patient", id: "p1", name: [{ given: ["Zebulon"], family: "Quartermaine" }], telecom: [{ system: "phone", value: "+13125550199" }] };
    const bundle = backportBundle("event-notification", ["Appointment/a1"]) as { entry: object[] };
    bundle.entry.push({ fullUrl: "http://ehr.test/fhir/Patient/p1", resource: patient });
    expect((await post(bundle)).status).toBe(200);
    const accepted = logs.find((l) => l.event === "fhir.subscription.accepted");
    expect(accepted?.fields).toMatchObject({ kind: "event-notification", format: "backport", subscriptionRef: "Subscription/sub-7", refs: 1, started: true });
    const written = JSON.stringify(logs);
    for (const content of ["Zebulon", "Quartermaine", "5550199", "Appointment/a1"]) expect(written).not.toContain(content);
  });
});

describe("POST /webhooks/fhir/subscription: malformed bodies", () => {
  it.each([
    ["text that is not JSON", "{not json", "not JSON"],
    ["a JSON array", "[1,2]", "not a FHIR resource object"],
    ["a Bundle with no entries", { resourceType: "Bundle", type: "searchset", total: 0 }, "no entries"],
    ["a Bundle whose status is not a notification type", backportBundle("query-status"), "query-status"],
    ["a Patient", { resourceType: "Patient", id: "p1" }, "Patient"],
    ["an Appointment with no id", { resourceType: "Appointment", status: "cancelled" }, "no id"],
  ])("refuses %s with 400 naming the problem, and starts nothing", async (_name, body, phrase) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.message).toMatch(/^Notification refused: /);
    expect(error.message).toContain(phrase);
    expect(services.engine.starts).toEqual([]);
  });

  it.each(["application/fhir+xml", "text/plain", "application/x-www-form-urlencoded"])("refuses a body sent as %s with 415 and starts nothing", async (contentType) => {
    const res = await post(restHookBundle(["Appointment/a1"]), { "content-type": contentType });
    expect(res.status).toBe(415);
    expect((await errorOf(res)).message).toContain("application/fhir+json");
    expect(services.engine.starts).toEqual([]);
  });

  it.each(["application/json", "application/fhir+json; fhirVersion=4.0", "application/json+fhir; charset=utf-8"])("reads a body sent as %s", async (contentType) => {
    const res = await post(restHookBundle(["Appointment/a1"]), { "content-type": contentType });
    expect(res.status).toBe(200);
    expect(syncStarts()).toHaveLength(1);
  });
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

const gapRuns = () => services.engine.starts.filter((s) => s.workflowId === "sync" && s.opts.key.startsWith("fhir-gap:")).map((s) => s.opts.key);

describe("POST /webhooks/fhir/subscription: missed notifications (Backport event numbers)", () => {
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
