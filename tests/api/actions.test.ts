import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSyncWorkflow } from "../../src/server/routes/api-actions.js";
import { recordConsent } from "../../src/store/consent-ledger.js";
import { upsertContact } from "../../src/store/contacts.js";
import { listEvents } from "../../src/store/events.js";
import { openApiRig, type ApiRig } from "./helpers.js";

let rig: ApiRig;
const syncStarts: string[] = [];

async function consentingPatient(patientRef = "Patient/p-1", phone = "+13125550142") {
  const { store, crypto } = rig.services;
  await upsertContact(store, crypto, { patientRef, phone, timeZone: "America/Chicago" });
  await recordConsent(store, crypto, { patientRef, phone, scopes: ["appointment", "billing"], phiLevel: "none", source: "paper", evidence: "signed form on file", capturedAt: new Date("2026-01-01T00:00:00Z") });
}

beforeEach(async () => {
  syncStarts.length = 0;
  rig = await openApiRig({ api: { startSync: async (_s, key) => (syncStarts.push(key), { runId: `sync:${key}`, started: syncStarts.filter((k) => k === key).length === 1 }) } });
});
afterEach(() => rig.services.dispose());

describe("POST /api/actions/send-message", () => {
  it("sends through the policy decision once per Idempotency-Key, and records message.sent", async () => {
    await consentingPatient();
    const send = () => rig.call("POST", "/api/actions/send-message", { body: { patientRef: "Patient/p-1", templateId: "appointment-reminder" }, headers: { "idempotency-key": "zap-1" } });
    const first = await send();
    expect(first.status).toBe(200);
    const body = (await first.json()) as { outcome: string; messageId: string };
    expect(body).toMatchObject({ outcome: "sent" });
    expect(await (await send()).json()).toEqual(body);
    expect(rig.services.sms.sent).toHaveLength(1);
    expect(await listEvents(rig.services.store, { type: "message.sent" })).toHaveLength(1);
  });

  it("is denied by policy without consent for the template's scope", async () => {
    await upsertContact(rig.services.store, rig.services.crypto, { patientRef: "Patient/p-9", phone: "+13125550143" });
    const res = await rig.call("POST", "/api/actions/send-message", { body: { patientRef: "Patient/p-9", templateId: "payment-reminder" } });
    expect(await res.json()).toMatchObject({ outcome: "denied", reasons: expect.arrayContaining([expect.any(String)]) });
    expect(rig.services.sms.sent).toHaveLength(0);
  });

  it("is deferred in quiet hours, like a workflow's send", async () => {
    await consentingPatient();
    rig.services.setNow(new Date("2026-11-25T05:00:00Z")); // 23:00 in Chicago
    const res = await rig.call("POST", "/api/actions/send-message", { body: { patientRef: "Patient/p-1", templateId: "appointment-reminder" } });
    expect(await res.json()).toMatchObject({ outcome: "deferred", until: expect.any(String) });
    expect(rig.services.sms.sent).toHaveLength(0);
  });

  it.each([
    [{ patientRef: "Patient/unknown", templateId: "appointment-reminder" }, 404],
    [{ patientRef: "Patient/p-1", templateId: "waitlist-offer" }, 422],
    [{ patientRef: "Jane Doe +1 312 555 0142", templateId: "appointment-reminder" }, 422],
    [{ patientRef: "Patient/p-1", templateId: "appointment-reminder", values: { name: "x" } }, 422],
  ])("refuses %j with %i", async (body, status) => {
    await consentingPatient();
    const res = await rig.call("POST", "/api/actions/send-message", { body });
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: { status } });
    expect(rig.services.sms.sent).toHaveLength(0);
  });
});

describe("record actions", () => {
  it("adds to the waitlist once per Idempotency-Key, warning when there is no waitlist consent", async () => {
    const body = { patientRef: "Patient/p-1", requestedStart: "2026-12-01T14:00:00Z", requestedEnd: "2026-12-05T23:00:00Z" };
    const first = (await (await rig.call("POST", "/api/actions/add-to-waitlist", { body, headers: { "idempotency-key": "w1" } })).json()) as { id: string; warnings: string[] };
    expect(first.warnings).toContain("no-consent");
    const again = (await (await rig.call("POST", "/api/actions/add-to-waitlist", { body, headers: { "idempotency-key": "w1" } })).json()) as { id: string };
    expect(again.id).toBe(first.id);
    expect(await rig.services.store.db.selectFrom("waitlist").select("id").execute()).toHaveLength(1);
  });

  it("refuses a waitlist period that ends before it starts", async () => {
    const res = await rig.call("POST", "/api/actions/add-to-waitlist", { body: { patientRef: "Patient/p-1", requestedStart: "2026-12-05T00:00:00Z", requestedEnd: "2026-12-01T00:00:00Z" } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("requestedEnd");
  });

  it("records a consent in the ledger and refuses a bad phone", async () => {
    const ok = await rig.call("POST", "/api/actions/record-consent", { body: { patientRef: "Patient/p-3", phone: "+13125550144", scopes: ["appointment"], phiLevel: "none", source: "web-form", evidence: "form 7" } });
    expect(ok.status).toBe(201);
    expect(await rig.services.store.db.selectFrom("consents").select("id").where("patient_ref", "=", "Patient/p-3").execute()).toHaveLength(1);
    const bad = await rig.call("POST", "/api/actions/record-consent", { body: { patientRef: "Patient/p-3", phone: "call me", scopes: ["appointment"], phiLevel: "none", source: "web-form" } });
    expect(bad.status).toBe(422);
  });
});

describe("POST /api/actions/sync-now", () => {
  it("starts one sync per Idempotency-Key", async () => {
    const call = () => rig.call("POST", "/api/actions/sync-now", { headers: { "idempotency-key": "s1" } });
    expect(await (await call()).json()).toMatchObject({ started: true });
    expect(await (await call()).json()).toMatchObject({ started: false });
    expect(syncStarts[0]).toBe("api:sync-now:master:s1");
  });

  it("by default starts the `sync` workflow on the services' engine", async () => {
    const result = await startSyncWorkflow(rig.services, "api:test");
    expect(result.started).toBe(true);
    expect(rig.services.engine.starts).toEqual([expect.objectContaining({ workflowId: "sync", opts: { key: "api:test" } })]);
  });
});
