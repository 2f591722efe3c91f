import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendEvent } from "../../src/store/events.js";
import { openApiRig, type ApiRig } from "./helpers.js";

let rig: ApiRig;
const publicDns = async () => [{ address: "93.184.216.34", family: 4 as const }];

beforeEach(async () => {
  rig = await openApiRig({ api: { resolve: publicDns } });
});
afterEach(() => rig.services.dispose());

describe("/api/hooks", () => {
  it("subscribes with 201 {id, secret}, lists without secrets, unsubscribes repeatably", async () => {
    const created = await rig.call("POST", "/api/hooks", { body: { event: "patient.opted_out", targetUrl: "https://hooks.example.test/x" } });
    expect(created.status).toBe(201);
    const hook = (await created.json()) as { id: string; secret: string };
    expect(hook).toMatchObject({ id: expect.stringMatching(/^hook_/), secret: expect.any(String), status: "active", destination: "outside" });
    const listed = (await (await rig.call("GET", "/api/hooks")).json()) as { hooks: object[] };
    expect(listed.hooks).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(hook.secret);
    expect((await rig.call("GET", `/api/hooks/${hook.id}`)).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const del = await rig.call("DELETE", `/api/hooks/${hook.id}`);
      expect(del.status).toBe(200);
      expect(await del.json()).toMatchObject({ status: "unsubscribed" });
    }
    expect((await rig.call("DELETE", "/api/hooks/hook_missing")).status).toBe(404);
  });

  it.each([
    [{ event: "appointment.confirmed", targetUrl: "http://127.0.0.1/x" }, "loopback"],
    [{ event: "appointment.confirmed", targetUrl: "http://10.0.0.1/x" }, "private"],
    [{ event: "appointment.confirmed", targetUrl: "http://169.254.169.254/latest" }, "metadata"],
    [{ event: "appointment.confirmed", targetUrl: "http://[::ffff:127.0.0.1]/x" }, "loopback"],
    [{ event: "no.such_event", targetUrl: "https://hooks.example.test/x" }, "event"],
    [{ event: "appointment.confirmed", targetUrl: "ftp://hooks.example.test/x" }, "targetUrl"],
    [{ event: "appointment.confirmed" }, "targetUrl"],
    [{ event: "appointment.confirmed", targetUrl: "https://hooks.example.test/x", extra: 1 }, "extra"],
  ])("refuses %j with a 422 naming the problem", async (body, word) => {
    const res = await rig.call("POST", "/api/hooks", { body });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(word);
  });

  it("refuses a host name resolving to loopback (localhost, real DNS)", async () => {
    const strict = await openApiRig();
    const res = await strict.call("POST", "/api/hooks", { body: { event: "appointment.confirmed", targetUrl: "http://localhost:8080/x" } });
    expect(res.status).toBe(422);
    await strict.services.dispose();
  });

  it("answers malformed JSON with 400 and a missing content type with 415, both JSON", async () => {
    const bad = await rig.call("POST", "/api/hooks", { rawBody: "{nope", headers: { "content-type": "application/json" } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { status: 400 } });
    const untyped = await rig.call("POST", "/api/hooks", { rawBody: "{}" });
    expect(untyped.status).toBe(415);
  });
});

describe("/api/events", () => {
  beforeEach(async () => {
    const base = rig.services.clock.now().getTime();
    await appendEvent(rig.services.store, { id: "evt-1", type: "patient.opted_out", refs: { patientRef: "Patient/p-1" }, data: { via: "sms-keyword" }, occurredAt: new Date(base) });
    await appendEvent(rig.services.store, { id: "evt-2", type: "message.failed", refs: { patientRef: "Patient/p-1", messageId: "msg_1", templateId: "payment-reminder" }, data: { kind: "invalid-number" }, occurredAt: new Date(base + 1000) });
    await appendEvent(rig.services.store, { id: "evt-3", type: "patient.opted_out", refs: { patientRef: "Patient/p-2" }, occurredAt: new Date(base + 2000) });
  });

  it("lists newest first with stable ids, filtered by type and limited", async () => {
    const all = (await (await rig.call("GET", "/api/events")).json()) as { events: Array<{ id: string }> };
    expect(all.events.map((e) => e.id)).toEqual(["evt-3", "evt-2", "evt-1"]);
    const again = (await (await rig.call("GET", "/api/events")).json()) as { events: Array<{ id: string }> };
    expect(again).toEqual(all);
    const typed = (await (await rig.call("GET", "/api/events?type=patient.opted_out&limit=1")).json()) as { events: Array<{ id: string }> };
    expect(typed.events.map((e) => e.id)).toEqual(["evt-3"]);
  });

  it("gives callers references only: no details, no template names", async () => {
    const one = await (await rig.call("GET", "/api/events/evt-2")).json();
    expect(one).toEqual({ id: "evt-2", type: "message.failed", occurredAt: "2026-11-24T16:00:01.000Z", refs: { patientRef: "Patient/p-1", messageId: "msg_1" } });
  });

  it.each([["/api/events?type=bogus", 422], ["/api/events?limit=0", 422], ["/api/events?limit=101", 422], ["/api/events/evt-missing", 404]])("%s answers %i", async (path, status) => {
    const res = await rig.call("GET", path);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: { status } });
  });

  it("lists every event type a hook can subscribe to, including the issue's thirteen", async () => {
    const { types } = (await (await rig.call("GET", "/api/event-types")).json()) as { types: Array<{ type: string }> };
    const names = types.map((t) => t.type);
    for (const required of ["appointment.confirmed", "appointment.reschedule_requested", "appointment.declined", "appointment.cancelled", "waitlist.offer_sent", "waitlist.slot_filled", "waitlist.expired", "patient.opted_out", "patient.opted_in", "reply.unrecognized", "message.sent", "message.failed", "payment.reminder_sent"]) {
      expect(names).toContain(required);
    }
  });
});
