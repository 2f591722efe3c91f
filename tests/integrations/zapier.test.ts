import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { app as zapierApp } from "../../integrations/zapier/index.js";
import type { Bundle, ZObject } from "../../integrations/zapier/types.js";
import { EVENT_TYPES, isEventType } from "../../src/events/event-types.js";
import { appendEvent } from "../../src/store/events.js";
import { openApiRig, type ApiRig } from "../api/helpers.js";

let rig: ApiRig;
let doc: { paths: Record<string, Record<string, unknown>> };

/** A `z` whose requests go to the minnow app in-process, with the app's beforeRequest applied. */
function fakeZ(): ZObject {
  return {
    errors: { Error: class extends Error {} },
    request: async (options) => {
      let request: { headers?: Record<string, string> } = { headers: { ...options.headers } };
      for (const before of zapierApp.beforeRequest) request = before(request, fakeZ(), bundle());
      const url = new URL(options.url);
      for (const [k, v] of Object.entries(options.params ?? {})) url.searchParams.set(k, String(v));
      const headers: Record<string, string> = { ...request.headers, ...(options.body !== undefined ? { "content-type": "application/json" } : {}) };
      const res = await rig.app.request(url.pathname + url.search, { method: options.method ?? "GET", headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
      const data: unknown = await res.json();
      return { status: res.status, data, throwForStatus: () => { if (res.status >= 400) throw new Error(`HTTP ${res.status}: ${JSON.stringify(data)}`); } };
    },
  };
}

const bundle = (extra: Partial<Bundle> = {}): Bundle => ({ authData: { baseUrl: "https://minnow.example.test", apiKey: "test-master-key-0123456789abcdef" }, inputData: {}, ...extra });

beforeEach(async () => {
  rig = await openApiRig({ api: { resolve: async () => [{ address: "93.184.216.34", family: 4 }], startSync: async () => ({ runId: "sync:1", started: true }) } });
  doc = (await (await rig.call("GET", "/api/openapi.json")).json()) as typeof doc;
});
afterEach(() => rig.services.dispose());

describe("the sample Zapier app", () => {
  it("has REST-hook triggers for real event types, each with a sample of the delivered shape", () => {
    const triggers = Object.values(zapierApp.triggers);
    expect(triggers.length).toBeGreaterThan(5);
    for (const trigger of triggers) {
      const op = trigger.operation;
      expect(op.type).toBe("hook");
      expect(isEventType(op.event), `${trigger.key}: ${op.event}`).toBe(true);
      for (const fn of [op.performSubscribe, op.performUnsubscribe, op.perform, op.performList]) expect(typeof fn).toBe("function");
      expect(Object.keys(op.sample).sort()).toEqual(["id", "occurredAt", "refs", "type"]);
      expect(op.sample.type).toBe(op.event);
      if (isEventType(op.event)) for (const key of Object.keys(op.sample.refs)) expect(EVENT_TYPES[op.event].refs).toContain(key);
    }
  });

  it("calls only routes that the OpenAPI document lists, with the method it uses", () => {
    expect(doc.paths["/hooks"]?.post).toBeDefined();
    expect(doc.paths["/hooks/{id}"]?.delete).toBeDefined();
    expect(doc.paths["/events"]?.get).toBeDefined();
    expect(doc.paths["/event-types"]?.get).toBeDefined();
    for (const create of Object.values(zapierApp.creates)) {
      const path = create.operation.path.replace(/^\/api/, "");
      expect(doc.paths[path]?.post, create.key).toBeDefined();
      expect(create.operation.sample).toBeTypeOf("object");
    }
  });

  it("subscribes, lists newest first, receives and unsubscribes against the real API", async () => {
    const trigger = zapierApp.triggers.appointment_confirmed;
    if (!trigger) throw new Error("trigger missing");
    const z = fakeZ();
    const hook = (await trigger.operation.performSubscribe(z, bundle({ targetUrl: "https://hooks.zapier.test/hooks/standard/1/abc/" }))) as { id: string; secret: string; status: string };
    expect(hook).toMatchObject({ status: "active" });
    expect(hook.secret.length).toBeGreaterThan(20);

    const at = rig.services.clock.now().getTime();
    await appendEvent(rig.services.store, { id: "evt-a", type: "appointment.confirmed", refs: { appointmentRef: "Appointment/a-1" }, occurredAt: new Date(at) });
    await appendEvent(rig.services.store, { id: "evt-b", type: "appointment.confirmed", refs: { appointmentRef: "Appointment/a-2" }, occurredAt: new Date(at + 1000) });
    const listed = (await trigger.operation.performList(z, bundle())) as Array<{ id: string }>;
    expect(listed.map((e) => e.id)).toEqual(["evt-b", "evt-a"]);
    expect(await trigger.operation.perform(z, bundle({ cleanedRequest: listed[0] }))).toEqual([listed[0]]);

    expect(await trigger.operation.performUnsubscribe(z, bundle({ subscribeData: { id: hook.id } }))).toMatchObject({ status: "unsubscribed" });
  });

  it("runs every create against the real API", async () => {
    const z = fakeZ();
    const inputs: Record<string, Bundle["inputData"]> = {
      add_to_waitlist: { patientRef: "Patient/p-1", requestedStart: "2026-12-01T14:00:00Z", requestedEnd: "2026-12-05T23:00:00Z" },
      record_consent: { patientRef: "Patient/p-1", phone: "+13125550142", scopes: "appointment, waitlist", phiLevel: "none", source: "paper", evidence: "form #12" },
      sync_now: {},
    };
    for (const [key, inputData] of Object.entries(inputs)) {
      const create = zapierApp.creates[key];
      if (!create) throw new Error(`create ${key} missing`);
      expect(await create.operation.perform(z, bundle({ inputData })), key).toBeTypeOf("object");
    }
    // No consent and no phone for this patient: the policy refusal surfaces as a Zapier error.
    const send = zapierApp.creates.send_message;
    await expect(send?.operation.perform(z, bundle({ inputData: { patientRef: "Patient/p-1", templateId: "appointment-reminder" } }))).rejects.toThrow(/did not send/);
  });
});
