import { afterEach, describe, expect, it } from "vitest";
import { createApiKey, findApiKey, listApiKeys, revokeApiKey } from "../../src/store/api-keys.js";
import { appendEvent, getEvent, listEvents } from "../../src/store/events.js";
import {
  createHook, deactivateHook, dueDeliveries, enqueueDelivery, getHook, listHooks, readHookSecret, recordDeliveryAttempt, recordHookFailure, resetHookFailures,
} from "../../src/store/hooks.js";
import { testDialects } from "../helpers/test-store.js";
import { openFixture, type Fixture } from "./fixture.js";

const t = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 12, minutes));

describe.each(testDialects())("events, hooks and API keys on %s", (dialect) => {
  let fx: Fixture | undefined;
  afterEach(async () => {
    await fx?.store.dispose();
    fx = undefined;
  });

  it("lists events newest first, by type, with a limit, and ids that sort by time", async () => {
    fx = await openFixture(dialect);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push(await appendEvent(fx.store, { type: i % 2 ? "appointment.confirmed" : "message.sent", occurredAt: t(i), refs: { appointmentRef: `Appointment/${i}` }, data: { touch: "24h" } }));
    }
    expect([...ids].sort()).toEqual(ids);
    expect((await listEvents(fx.store, { limit: 2 })).map((e) => e.id)).toEqual([ids[5], ids[4]]);
    const confirmed = await listEvents(fx.store, { type: "appointment.confirmed" });
    expect(confirmed.map((e) => e.refs.appointmentRef)).toEqual(["Appointment/5", "Appointment/3", "Appointment/1"]);
    expect(await getEvent(fx.store, ids[0] ?? "")).toEqual({ id: ids[0], type: "message.sent", occurredAt: t(0), refs: { appointmentRef: "Appointment/0" }, data: { touch: "24h" } });
  });

  it("records an event with a caller-given id once", async () => {
    fx = await openFixture(dialect);
    await appendEvent(fx.store, { id: "evt_run1_confirmed", type: "appointment.confirmed" });
    await appendEvent(fx.store, { id: "evt_run1_confirmed", type: "appointment.confirmed" });
    expect(await listEvents(fx.store)).toHaveLength(1);
  });

  it("keeps hook secrets encrypted, lists active hooks, and disables a hook once", async () => {
    fx = await openFixture(dialect);
    const id = await createHook(fx.store, fx.crypto, { event: "patient.opted_out", targetUrl: "http://127.0.0.1:9/a", secret: "s3cret" }, t(0));
    await createHook(fx.store, fx.crypto, { event: "message.sent", targetUrl: "http://127.0.0.1:9/b", secret: "other" }, t(1));
    const raw = await fx.store.db.selectFrom("hook_subscriptions").select("secret_ct").where("id", "=", id).executeTakeFirstOrThrow();
    expect(raw.secret_ct).not.toContain("s3cret");
    expect(await readHookSecret(fx.store, fx.crypto, id)).toBe("s3cret");
    expect((await listHooks(fx.store, { event: "patient.opted_out" })).map((h) => h.id)).toEqual([id]);
    expect(await recordHookFailure(fx.store, id)).toBe(1);
    expect(await recordHookFailure(fx.store, id)).toBe(2);
    await resetHookFailures(fx.store, id);
    expect((await getHook(fx.store, id))?.failures).toBe(0);
    expect(await deactivateHook(fx.store, id, "unsubscribed", t(5))).toBe(true);
    expect(await deactivateHook(fx.store, id, "disabled", t(6))).toBe(false);
    expect(await getHook(fx.store, id)).toMatchObject({ status: "unsubscribed", disabledAt: t(5) });
    expect(await listHooks(fx.store)).toHaveLength(1);
    expect(await listHooks(fx.store, { includeInactive: true })).toHaveLength(2);
  });

  it("queues one delivery per hook and event, and schedules retries", async () => {
    fx = await openFixture(dialect);
    const first = await enqueueDelivery(fx.store, "hook_1", "evt_1", t(0));
    expect(await enqueueDelivery(fx.store, "hook_1", "evt_1", t(1))).toEqual({ id: first.id, created: false });
    await enqueueDelivery(fx.store, "hook_2", "evt_1", t(2));
    expect((await dueDeliveries(fx.store, t(1))).map((d) => d.id)).toEqual([first.id]);
    await recordDeliveryAttempt(fx.store, first.id, { status: "pending", lastStatus: 500, nextAttemptAt: t(10) }, t(1));
    expect((await dueDeliveries(fx.store, t(5))).map((d) => d.hookId)).toEqual(["hook_2"]);
    const due = await dueDeliveries(fx.store, t(10));
    expect(due.map((d) => d.hookId)).toEqual(["hook_2", "hook_1"]);
    expect(due[1]).toMatchObject({ id: first.id, attempts: 1, lastStatus: 500, nextAttemptAt: t(10) });
    await recordDeliveryAttempt(fx.store, first.id, { status: "gone", lastStatus: 410, nextAttemptAt: null });
    expect((await dueDeliveries(fx.store, t(99))).map((d) => d.hookId)).toEqual(["hook_2"]);
  });

  it("stores only a hash of each API key, finds live keys by their secret, and revokes them", async () => {
    fx = await openFixture(dialect);
    const write = await createApiKey(fx.store, "write", "zapier", t(0));
    const read = await createApiKey(fx.store, "read", null, t(1));
    const rows = await fx.store.db.selectFrom("api_keys").select("key_hash").execute();
    for (const r of rows) expect([write.key, read.key]).not.toContain(r.key_hash);
    expect(await findApiKey(fx.store, write.key)).toMatchObject({ id: write.id, scope: "write", label: "zapier" });
    expect(await findApiKey(fx.store, write.key + "x")).toBeNull();
    expect(await revokeApiKey(fx.store, write.id, t(2))).toBe(true);
    expect(await revokeApiKey(fx.store, write.id, t(3))).toBe(false);
    expect(await findApiKey(fx.store, write.key)).toBeNull();
    expect((await listApiKeys(fx.store)).map((k) => [k.scope, k.revokedAt])).toEqual([["write", t(2)], ["read", null]]);
  });
});
