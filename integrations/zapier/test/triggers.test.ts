import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, BASE, createAppointment, createPatient, hours, updateAppointment } from "../../../tests/workflows/helpers/scenario.js";
import { startHookSubscriber, type HookSubscriber } from "../../../tests/e2e/helpers/hook-subscriber.js";
import { produceTriggerEvents } from "../../test-kit/real-events.js";
import { openSandbox, type Sandbox } from "../../test-kit/sandbox.js";
import { authData, run, triggerSpecs, type MinnowEvent } from "./app-tester.js";

type HookView = { id: string; event: string; status: string; destination: string };
const subscribed = new Map<string, HookView>();
let sandbox: Sandbox;
let subscriber: HookSubscriber;

const subscribe = (key: string) => run<HookView>(`triggers.${key}.operation.performSubscribe`, { authData: authData(sandbox), targetUrl: subscriber.url });
const list = (key: string) => run<MinnowEvent[]>(`triggers.${key}.operation.performList`, { authData: authData(sandbox) });
const perform = (key: string, cleanedRequest: unknown) => run<MinnowEvent[]>(`triggers.${key}.operation.perform`, { cleanedRequest });
const delivered = (): MinnowEvent[] => subscriber.bodies.map((b) => JSON.parse(b) as MinnowEvent);

/** What a value looks like without its values: keys (sorted) and the type of each leaf. */
const shape = (value: unknown): unknown =>
  value !== null && typeof value === "object" ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, shape(v)])) : typeof value;

beforeAll(async () => {
  sandbox = await openSandbox();
  subscriber = await startHookSubscriber();
  for (const { key } of triggerSpecs) subscribed.set(key, await subscribe(key));
  await produceTriggerEvents(sandbox.stack);
  await sandbox.deliverHooks();
}, 120_000);
afterAll(async () => {
  await sandbox.dispose();
  await subscriber.close();
});

describe("REST-hook triggers against a running minnow", () => {
  it("subscribing registers an active hook for the trigger's event, outside the BAA, and keeps no secret in Zapier", async () => {
    const res = await fetch(`${sandbox.baseUrl}/api/hooks`, { headers: { "x-api-key": sandbox.apiKey } });
    const { hooks } = (await res.json()) as { hooks: Array<{ id: string; event: string; status: string; targetUrl: string }> };
    for (const { key, event } of triggerSpecs) {
      const hook = subscribed.get(key);
      expect(hook, key).toEqual({ id: expect.any(String), event, status: "active", destination: "outside" });
      expect(hooks.find((h) => h.id === hook?.id)).toMatchObject({ event, status: "active", targetUrl: subscriber.url });
    }
  });

  it("performList returns the real events of its type, newest first, each with a stable id", async () => {
    for (const { key, event } of triggerSpecs) {
      const events = await list(key);
      expect(events.length, key).toBeGreaterThan(0);
      expect(new Set(events.map((e) => e.type)), key).toEqual(new Set([event]));
      const times = events.map((e) => Date.parse(e.occurredAt));
      expect(times, key).toEqual([...times].sort((a, b) => b - a));
      expect(await list(key), `${key} again`).toEqual(events);
    }
    expect(await list("appointment_cancelled")).toHaveLength(2);
  });

  it("minnow delivered each subscribed event, and perform hands it to Zapier as one item", async () => {
    const types = new Set(delivered().map((e) => e.type));
    for (const { key, event } of triggerSpecs) {
      expect(types.has(event), key).toBe(true);
      const payload = delivered().find((e) => e.type === event);
      expect(await perform(key, payload), key).toEqual([payload]);
    }
    expect(await perform("appointment_confirmed", "not an event")).toEqual([]);
  });

  it("each trigger's sample has the shape of a real event of its type, polled and delivered", async () => {
    for (const { key, event, sample } of triggerSpecs) {
      const [polled] = await list(key);
      const pushed = delivered().find((e) => e.type === event);
      expect(shape(polled), `${key} polled`).toEqual(shape(sample));
      expect(shape(pushed), `${key} delivered`).toEqual(shape(sample));
    }
    const sample = triggerSpecs[0]?.sample;
    expect(shape({ ...sample, refs: {} })).not.toEqual(shape(sample)); // the comparison sees refs
  });

  it("unsubscribing marks the hook unsubscribed, and minnow delivers nothing more to it", async () => {
    const hook = subscribed.get("appointment_cancelled");
    if (!hook) throw new Error("appointment_cancelled was not subscribed");
    const result = await run("triggers.appointment_cancelled.operation.performUnsubscribe", { authData: authData(sandbox), subscribeData: { id: hook.id } });
    expect(result).toMatchObject({ id: hook.id, status: "unsubscribed" });

    const s = sandbox.stack.scenario;
    const appointment = await createAppointment(s.fhir, (await createPatient(s.fhir)).ref, at(BASE, hours(60)));
    await s.sync();
    await updateAppointment(s.fhir, appointment, (a) => ({ ...a, status: "cancelled" }));
    await s.sync();
    const before = subscriber.bodies.length;
    await sandbox.deliverHooks();
    expect(await list("appointment_cancelled")).toHaveLength(3); // the event happened...
    expect(delivered().slice(before).filter((e) => e.type === "appointment.cancelled")).toEqual([]); // ...and was not sent
  });
});
