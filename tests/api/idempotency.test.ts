import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setLogSink } from "../../src/log.js";
import { recordConsent } from "../../src/store/consent-ledger.js";
import { upsertContact } from "../../src/store/contacts.js";
import { openApiRig, type ApiRig } from "./helpers.js";

let rig: ApiRig;
beforeAll(() => setLogSink(() => undefined));
afterAll(() => setLogSink(null));
beforeEach(async () => {
  rig = await openApiRig({ api: { startSync: async (_s, key) => ({ runId: `sync:${key}`, started: true }) } });
});
afterEach(() => rig.services.dispose());

const REUSED = { status: 422, code: "idempotency-key-reused" };
const post = (path: string, body: unknown, key: string, apiKey?: string) => rig.call("POST", path, { body, headers: { "idempotency-key": key }, ...(apiKey ? { key: apiKey } : {}) });

describe("an Idempotency-Key reused with a different request", () => {
  it("is refused with 422 idempotency-key-reused on add-to-waitlist, and the second patient is not silently dropped", async () => {
    const first = { patientRef: "Patient/p-1", requestedStart: "2026-12-01T14:00:00Z", requestedEnd: "2026-12-05T23:00:00Z" };
    expect((await post("/api/actions/add-to-waitlist", first, "zap-7")).status).toBe(201);
    const res = await post("/api/actions/add-to-waitlist", { ...first, patientRef: "Patient/p-2" }, "zap-7");
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { status: number; code: string; message: string } };
    expect(body.error).toMatchObject(REUSED);
    expect(body.error.message).toMatch(/Idempotency-Key zap-7 was first used with a different request.*new key/);
    const rows = await rig.services.store.db.selectFrom("waitlist").select("patient_ref").execute();
    expect(rows.map((r) => r.patient_ref)).toEqual(["Patient/p-1"]);
  });

  it("is refused on record-consent, while the same request under the same key answers as the first time", async () => {
    const consent = { patientRef: "Patient/p-3", phone: "+13125550144", scopes: ["appointment"], phiLevel: "none", source: "web-form", evidence: "form 7" };
    const first = await post("/api/actions/record-consent", consent, "c-1");
    const again = await post("/api/actions/record-consent", { evidence: "form 7", source: "web-form", phiLevel: "none", scopes: ["appointment"], phone: "+13125550144", patientRef: "Patient/p-3" }, "c-1");
    expect(again.status).toBe(201);
    expect(((await again.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    const reused = await post("/api/actions/record-consent", { ...consent, patientRef: "Patient/p-4" }, "c-1");
    expect(await reused.json()).toMatchObject({ error: REUSED });
    expect(await rig.services.store.db.selectFrom("consents").select("id").where("patient_ref", "=", "Patient/p-4").execute()).toHaveLength(0);
  });

  it("is refused on send-message, and nothing more is sent", async () => {
    const { store, crypto } = rig.services;
    await upsertContact(store, crypto, { patientRef: "Patient/p-1", phone: "+13125550142", timeZone: "America/Chicago" });
    await recordConsent(store, crypto, { patientRef: "Patient/p-1", phone: "+13125550142", scopes: ["appointment", "billing"], phiLevel: "none", source: "paper", evidence: "signed form on file", capturedAt: new Date("2026-01-01T00:00:00Z") });
    expect((await post("/api/actions/send-message", { patientRef: "Patient/p-1", templateId: "appointment-reminder" }, "s-1")).status).toBe(200);
    const res = await post("/api/actions/send-message", { patientRef: "Patient/p-1", templateId: "payment-reminder" }, "s-1");
    expect(await res.json()).toMatchObject({ error: REUSED });
    expect(rig.services.sms.sent).toHaveLength(1);
  });

  it("belongs to the API key that used it: another key may use the same value", async () => {
    const { createApiKey } = await import("../../src/store/api-keys.js");
    const other = await createApiKey(rig.services.store, "write");
    const entry = { patientRef: "Patient/p-1", requestedStart: "2026-12-01T14:00:00Z", requestedEnd: "2026-12-05T23:00:00Z" };
    expect((await post("/api/actions/add-to-waitlist", entry, "shared")).status).toBe(201);
    expect((await post("/api/actions/add-to-waitlist", { ...entry, patientRef: "Patient/p-2" }, "shared", other.key)).status).toBe(201);
  });
});
