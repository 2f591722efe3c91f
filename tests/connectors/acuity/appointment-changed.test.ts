import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAcuityWebhook } from "../../../connectors/acuity/triggers/appointment-changed.js";
import { acuitySignature, verifyAcuitySignature } from "../../../connectors/acuity/webhook-signature.js";
import { deliveryKey, isReplayedDelivery, memorySeenSet } from "../../../connectors/acuity/webhook-replay.js";
import { API_KEY } from "./helpers/fixtures.js";

describe("parsing an Acuity appointment webhook", () => {
  it.each(["scheduled", "rescheduled", "canceled", "changed"] as const)("reads action=%s with its ids", (action) => {
    const parsed = parseAcuityWebhook(`action=${action}&id=54321&calendarID=27238&appointmentTypeID=1`);
    expect(parsed).toEqual({ kind: "event", event: { action, appointmentRef: "acuity:54321", calendarId: "27238", appointmentTypeId: "1" } });
  });

  it("reads a body without the optional ids", () => {
    expect(parseAcuityWebhook("action=changed&id=7")).toEqual({ kind: "event", event: { action: "changed", appointmentRef: "acuity:7" } });
  });

  it("ignores order.completed, which minnow does not act on", () => {
    expect(parseAcuityWebhook("action=order.completed&id=99")).toEqual({ kind: "ignored", action: "order.completed" });
  });

  it.each<[string, string, RegExp]>([
    ["an empty body", "", /action/],
    ["no id", "action=scheduled", /^id/],
    ["a non-numeric id", "action=scheduled&id=abc", /^id/],
    ["an injected id", "action=scheduled&id=1%2F..%2F2", /^id/],
    ["a non-numeric calendar id", "action=scheduled&id=1&calendarID=x", /^calendarID/],
    ["JSON instead of a form", '{"action":"scheduled","id":1}', /action/],
  ])("rejects %s, naming the field", (_name, body, field) => {
    const parsed = parseAcuityWebhook(body);
    expect(parsed.kind).toBe("invalid");
    expect(parsed.kind === "invalid" && parsed.error).toMatch(field);
  });

  it("never throws on arbitrary bodies", () => {
    fc.assert(fc.property(fc.string({ maxLength: 500 }), (body) => {
      expect(["event", "ignored", "invalid"]).toContain(parseAcuityWebhook(body).kind);
    }), { numRuns: 1000 });
  });
});

describe("the replay guard", () => {
  const body = "action=canceled&id=54321&calendarID=27238&appointmentTypeID=1";

  it("lets a signed delivery through once and detects the identical replay", async () => {
    const seen = memorySeenSet({ ttlMs: 60_000 });
    expect(verifyAcuitySignature({ rawBody: body, signature: acuitySignature(body, API_KEY), apiKey: API_KEY })).toBe(true);
    expect(await isReplayedDelivery(body, seen)).toBe(false);
    expect(await isReplayedDelivery(body, seen)).toBe(true);
    expect(await isReplayedDelivery(body.replace("canceled", "changed"), seen)).toBe(false);
  });

  it("forgets a delivery after the window, so a later identical event counts again", async () => {
    let now = 0;
    const seen = memorySeenSet({ ttlMs: 1_000, now: () => now });
    expect(await isReplayedDelivery(body, seen)).toBe(false);
    now = 999;
    expect(await isReplayedDelivery(body, seen)).toBe(true);
    now = 1_000;
    expect(await isReplayedDelivery(body, seen)).toBe(false);
  });

  it("works with an async store callback and keys by a hash, not the body", async () => {
    const keys: string[] = [];
    const store = async (key: string) => {
      const had = keys.includes(key);
      keys.push(key);
      return had;
    };
    expect(await isReplayedDelivery(body, store)).toBe(false);
    expect(await isReplayedDelivery(Buffer.from(body), store)).toBe(true);
    expect(keys[0]).toBe(deliveryKey(body));
    expect(keys[0]).toMatch(/^acuity-webhook:[0-9a-f]{64}$/);
  });

  it("bounds the in-memory set, evicting the oldest first", async () => {
    const seen = memorySeenSet({ ttlMs: 60_000, now: () => 0, maxEntries: 3 });
    for (const id of [1, 2, 3, 4]) await isReplayedDelivery(`action=changed&id=${id}`, seen);
    expect(await isReplayedDelivery("action=changed&id=4", seen)).toBe(true);
    expect(await isReplayedDelivery("action=changed&id=1", seen)).toBe(false);
  });
});
