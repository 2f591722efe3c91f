import { afterEach, describe, expect, it } from "vitest";
import { startHookWorker } from "../../src/hooks/worker.js";
import { subscribeHook } from "../../src/hooks/subscriptions.js";
import { API_KEY, openStack, type Stack } from "./helpers/e2e-stack.js";
import { startHookSubscriber, type HookSubscriber } from "./helpers/hook-subscriber.js";
import { CANARIES, CANARY_CONFIG, CANARY_PHONE, leaks, runCanaryVisit } from "./helpers/phi-canary.js";

let stack: Stack | undefined;
let subscriber: HookSubscriber | undefined;
afterEach(async () => {
  await stack?.dispose();
  await subscriber?.close();
  stack = undefined;
  subscriber = undefined;
});

/** Each sample line of the exposition as { name, labels, value }. */
function samples(text: string): Array<{ name: string; labels: Record<string, string>; value: number }> {
  return text
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1] ?? "", m[2] ?? ""]));
      return { name: match[1] ?? "", labels, value: Number(match[3]) };
    });
}

const total = (all: ReturnType<typeof samples>, name: string, labels: Record<string, string> = {}) =>
  all.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);

describe("e2e: GET /metrics after a reminder, replies and a hook delivery", () => {
  it("counts what happened, and no label carries a canary, a phone or any run of digits a phone could hide in", async () => {
    subscriber = await startHookSubscriber();
    stack = await openStack({ ...CANARY_CONFIG, hooks: { allowPrivateTargets: true } });
    const { scenario: s } = stack;
    const subscribed = await subscribeHook(s.services, { event: "message.sent", targetUrl: subscriber.url, actor: "e2e" });
    if (!subscribed.ok) throw new Error(subscribed.message);
    await runCanaryVisit(stack);
    const worker = startHookWorker(s.services, { autoStart: false });
    await worker.runOnce();
    await worker.stop();

    const response = await fetch(`${stack.serverUrl}/metrics`, { headers: { "x-api-key": API_KEY } });
    expect(response.status).toBe(200);
    const text = await response.text();
    const all = samples(text);
    expect(total(all, "minnow_messages_total", { outcome: "sent" })).toBe(stack.sentTo(CANARY_PHONE).length);
    expect(total(all, "minnow_replies_total", { intent: "confirm" })).toBe(1);
    expect(total(all, "minnow_replies_total")).toBe(2);
    expect(total(all, "minnow_hook_deliveries_total", { outcome: "delivered" })).toBeGreaterThanOrEqual(1);
    expect(total(all, "minnow_engine_runs", { state: "completed" })).toBeGreaterThanOrEqual(1);
    expect(total(all, "minnow_engine_executions_total", { workflow: "appointment-reminder", outcome: "suspended" })).toBeGreaterThanOrEqual(1);
    expect(total(all, "minnow_external_request_duration_seconds_count", { system: "fhir", operation: "search:Appointment", status: "2xx" })).toBeGreaterThanOrEqual(1);
    expect(total(all, "minnow_external_request_duration_seconds_count", { system: "twilio", operation: "POST:Messages" })).toBeGreaterThanOrEqual(2);
    expect(all.find((x) => x.name === "minnow_engine_timer_lag_seconds")?.value).toBeGreaterThanOrEqual(0);

    const labelValues = all.flatMap((x) => Object.values(x.labels));
    expect(labelValues.length).toBeGreaterThan(50);
    expect(leaks(labelValues, CANARIES)).toEqual([]);
    expect(labelValues.filter((v) => (v.match(/\d/g)?.length ?? 0) > 6)).toEqual([]);
    expect(leaks([text], CANARIES)).toEqual([]);
  });
});
