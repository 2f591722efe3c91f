import { afterEach, describe, expect, it } from "vitest";
import { subscribeHook } from "../../src/hooks/subscriptions.js";
import { startHookWorker } from "../../src/hooks/worker.js";
import { appendEvent } from "../../src/store/events.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";
import { testDialects } from "../helpers/test-store.js";
import { openTwinServices } from "../helpers/twin-services.js";
import { DELIVERY_HEADER } from "../../src/hooks/signature.js";
import { LocalSubscriber } from "./subscriber.js";

const opened: Array<{ dispose(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.dispose();
});

describe("the hook worker on SQLite (one process per store)", () => {
  it("never stands aside: there is no other process to take turns with", async () => {
    const services = await openTestServices({ config: { hooks: { allowTargetNetworks: ["127.0.0.1/32"] } } });
    opened.push(services);
    const worker = startHookWorker(services, { autoStart: false });
    expect(await Promise.all([worker.runOnce(), worker.runOnce()])).toMatchObject([{ skipped: false }, { skipped: false }]);
  });
});

for (const dialect of testDialects().filter((d) => d === "postgres")) {
  describe(`hook workers of two processes on one ${dialect} database`, () => {
    it("deliver every event exactly once between them, taking turns", async () => {
      const a = await openTestServices({ dialect, config: { hooks: { allowTargetNetworks: ["127.0.0.1/32"] } } });
      opened.push(a);
      const b = await openTwinServices(a, { config: { hooks: { allowTargetNetworks: ["127.0.0.1/32"] } } });
      opened.push(b);
      const sub = await new LocalSubscriber().start();
      opened.push({ dispose: () => sub.stop() });
      sub.now = () => a.clock.now();
      const subscribed = await subscribeHook(a, { event: "appointment.confirmed", targetUrl: sub.url, actor: "test" });
      if (!subscribed.ok) throw new Error(subscribed.message);
      sub.secret = subscribed.secret;
      const EVENTS = 60;
      for (let n = 0; n < EVENTS; n++) {
        await appendEvent(a.store, { id: `evt-confirmed-${n}`, type: "appointment.confirmed", refs: { appointmentRef: `Appointment/a-${n}`, patientRef: "Patient/p-1" }, occurredAt: a.clock.now() });
      }
      const [workerA, workerB] = [a, b].map((s) => startHookWorker(s, { autoStart: false, batchSize: 10 }));
      const passes: Array<{ delivered: number; skipped: boolean }> = [];
      for (let round = 0; round < 10; round++) passes.push(...(await Promise.all([workerA!.runOnce(), workerB!.runOnce()])));
      const ids = sub.received.map((r) => String(r.headers[DELIVERY_HEADER]));
      expect(ids).toHaveLength(EVENTS);
      expect(new Set(ids).size).toBe(EVENTS);
      expect(passes.reduce((sum, p) => sum + p.delivered, 0)).toBe(EVENTS);
      // Overlapping passes did not both deliver: one of each concurrent pair stood aside.
      expect(passes.some((p) => p.skipped)).toBe(true);
    });
  });
}
