import { afterEach, describe, expect, it } from "vitest";
import { startHookWorker, type HookWorker } from "../../src/hooks/worker.js";
import { subscribeHook } from "../../src/hooks/subscriptions.js";
import type { Resolver } from "../../src/hooks/ssrf-guard.js";
import { appendEvent, listEvents } from "../../src/store/events.js";
import { getHook } from "../../src/store/hooks.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";
import { LocalSubscriber } from "./subscriber.js";

let services: TestServices;
let sub: LocalSubscriber;
let worker: HookWorker;
let hookId: string;

async function setup(opts: { event?: string; config?: Record<string, unknown>; resolve?: Resolver; url?: (sub: LocalSubscriber) => string } = {}) {
  services = await openTestServices({ config: { hooks: { allowTargetNetworks: ["127.0.0.1/32"], ...opts.config } } });
  sub = await new LocalSubscriber().start();
  sub.now = () => services.clock.now();
  const subscribed = await subscribeHook(services, { event: opts.event ?? "appointment.confirmed", targetUrl: opts.url ? opts.url(sub) : sub.url, actor: "test" }, opts.resolve);
  if (!subscribed.ok) throw new Error(subscribed.message);
  sub.secret = subscribed.secret;
  hookId = subscribed.hook.id;
  worker = startHookWorker(services, { autoStart: false, maxAttempts: 3, minDelayMs: 1_000, maxDelayMs: 60_000, ...(opts.resolve ? { resolve: opts.resolve } : {}) });
}

const confirmed = (n = 1) => appendEvent(services.store, { id: `evt-confirmed-${n}`, type: "appointment.confirmed", refs: { appointmentRef: `Appointment/a-${n}`, patientRef: "Patient/p-1", inboundId: `in_${n}` }, occurredAt: services.clock.now() });
const advance = (ms: number) => services.setNow(new Date(services.clock.now().getTime() + ms));
const deliveryRow = () => services.store.db.selectFrom("hook_deliveries").selectAll().where("hook_id", "=", hookId).executeTakeFirstOrThrow();

afterEach(async () => {
  await worker?.stop();
  await sub?.stop();
  await services?.dispose();
});

describe("hook deliveries to a local subscriber", () => {
  it("delivers a signed payload with only id, type, time and refs, which the subscriber verifies", async () => {
    await setup();
    await confirmed();
    expect(await worker.runOnce()).toMatchObject({ queued: 1, delivered: 1 });
    const [got] = sub.received;
    expect(got?.verified.ok).toBe(true);
    expect(JSON.parse(got?.body ?? "")).toEqual({ id: "evt-confirmed-1", type: "appointment.confirmed", occurredAt: "2026-11-24T16:00:00.000Z", refs: { appointmentRef: "Appointment/a-1", patientRef: "Patient/p-1", inboundId: "in_1" } });
    expect(got?.headers["x-minnow-event"]).toBe("appointment.confirmed");
    expect(got?.headers["x-minnow-delivery"]).toBe((await deliveryRow()).id);
    // A second pass queues nothing new and sends nothing again.
    expect(await worker.runOnce()).toMatchObject({ queued: 0, attempted: 0 });
  });

  it("sends only the subscribed type, and nothing that happened before the hook existed", async () => {
    await setup();
    await appendEvent(services.store, { id: "evt-old", type: "appointment.confirmed", refs: {}, occurredAt: new Date("2026-11-01T00:00:00Z") });
    await appendEvent(services.store, { id: "evt-other", type: "appointment.declined", refs: {}, occurredAt: services.clock.now() });
    expect(await worker.runOnce()).toMatchObject({ queued: 0, attempted: 0 });
    expect(sub.received).toHaveLength(0);
  });

  it("retries a 500 with exponential backoff, signing each attempt anew, then delivers", async () => {
    await setup();
    sub.respond = (n) => ({ status: n <= 2 ? 500 : 200 });
    await confirmed();
    expect(await worker.runOnce()).toMatchObject({ attempted: 1, retrying: 1 });
    expect(await worker.runOnce()).toMatchObject({ attempted: 0 }); // not due yet
    advance(1_000);
    expect(await worker.runOnce()).toMatchObject({ attempted: 1, retrying: 1 });
    advance(1_999); // the second wait doubles to 2 s
    expect(await worker.runOnce()).toMatchObject({ attempted: 0 });
    advance(1);
    expect(await worker.runOnce()).toMatchObject({ attempted: 1, delivered: 1 });
    expect(sub.received.map((r) => r.verified.ok)).toEqual([true, true, true]);
    expect(new Set(sub.received.map((r) => r.headers["x-minnow-delivery"])).size).toBe(1);
    expect(await deliveryRow()).toMatchObject({ status: "delivered", attempts: 3, last_status: 200 });
    expect((await getHook(services.store, hookId))?.failures).toBe(0);
  });

  it("disables the hook after the attempt limit and records hook.disabled", async () => {
    await setup();
    sub.respond = () => ({ status: 500 });
    await confirmed();
    for (let i = 0; i < 3; i++) {
      await worker.runOnce();
      advance(3_600_000);
    }
    expect(sub.received).toHaveLength(3);
    expect(await getHook(services.store, hookId)).toMatchObject({ status: "disabled" });
    expect(await deliveryRow()).toMatchObject({ status: "failed", attempts: 3, last_status: 500 });
    const [disabled] = await listEvents(services.store, { type: "hook.disabled" });
    expect(disabled?.refs).toEqual({ hookId });
    expect(disabled?.data).toMatchObject({ lastStatus: 500, attempts: 3 });
    await confirmed(2);
    expect(await worker.runOnce()).toMatchObject({ queued: 0, attempted: 0 });
  });

  it("treats 410 Gone as an unsubscribe", async () => {
    await setup();
    sub.respond = () => ({ status: 410 });
    await confirmed();
    expect(await worker.runOnce()).toMatchObject({ gone: 1 });
    expect(await getHook(services.store, hookId)).toMatchObject({ status: "unsubscribed" });
    expect(await deliveryRow()).toMatchObject({ status: "gone", last_status: 410 });
    await confirmed(2);
    advance(60_000);
    expect(await worker.runOnce()).toMatchObject({ queued: 0, attempted: 0 });
    expect(sub.received).toHaveLength(1);
  });

  it("lets the subscriber refuse a replayed delivery: at once by the guard, later by the timestamp", async () => {
    await setup();
    await confirmed();
    await worker.runOnce();
    const [original] = sub.received;
    if (!original) throw new Error("nothing delivered");
    expect(await sub.replay(original)).toBe(401);
    expect(sub.received[1]).toMatchObject({ replay: true });
    const later = new Date(services.clock.now().getTime() + 6 * 60_000);
    sub.now = () => later;
    expect(await sub.replay(original)).toBe(401);
    expect(sub.received[2]?.verified).toEqual({ ok: false, reason: "stale" });
  });

  it("follows a redirect on the same host but refuses one to a private address", async () => {
    await setup();
    sub.respond = (n) => (n === 1 ? { status: 307, location: "/moved" } : { status: 200 });
    await confirmed();
    expect(await worker.runOnce()).toMatchObject({ delivered: 1 });
    expect(sub.received).toHaveLength(2);

    sub.respond = () => ({ status: 307, location: "http://10.0.0.1/steal" });
    await confirmed(2);
    expect(await worker.runOnce()).toMatchObject({ attempted: 1, retrying: 1 });
    expect(sub.received).toHaveLength(3); // the first hop only; nothing went to 10.0.0.1
    const row = await services.store.db.selectFrom("hook_deliveries").selectAll().where("event_id", "=", "evt-confirmed-2").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "pending", last_status: null });
  });

  it("connects to the address the guard checked, and re-checks DNS on every delivery", async () => {
    let answer = "127.0.0.1";
    const resolve: Resolver = async () => [{ address: answer, family: 4 }];
    await setup({ resolve, url: (s) => s.url.replace("127.0.0.1", "hooks.example.test") });
    await confirmed();
    // hooks.example.test exists only in the injected resolver: reaching the subscriber proves the pin.
    expect(await worker.runOnce()).toMatchObject({ delivered: 1 });
    answer = "10.9.8.7"; // DNS rebinding to a private address
    await confirmed(2);
    expect(await worker.runOnce()).toMatchObject({ attempted: 1, retrying: 1 });
    expect(sub.received).toHaveLength(1);
  });
});
