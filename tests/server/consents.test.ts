import type { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app.js";
import { mountConsentRoutes } from "../../src/server/routes/consents.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";

const KEY = { authorization: "Bearer test-master-key-0123456789abcdef" };
let services: TestServices;
let app: Hono;

beforeEach(async () => {
  services = await openTestServices();
  app = createApp(services, [mountConsentRoutes]);
});
afterEach(() => services.dispose());

const valid = { patientRef: "Patient/123", phone: "(312) 555-0142", scopes: ["appointment", "billing"], phiLevel: "minimal", source: "web-form", evidence: "form-submission-77" };

function post(path: string, body: unknown, headers: Record<string, string> = KEY) {
  return app.request(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
}
const get = (path: string, headers: Record<string, string> = KEY) => app.request(path, { headers });
const countRows = async () => (await services.store.db.selectFrom("consents").select("id").execute()).length;

interface ErrorBody { error: { status: number; message: string; details?: { fields?: Array<{ field: string; message: string }>; field?: string; outcome?: string } } }

describe("consent API authentication", () => {
  it.each([
    ["POST", "/api/consents"],
    ["GET", "/api/consents/Patient/123"],
    ["POST", "/api/consents/cns_1/verify"],
    ["POST", "/api/consents/cns_1/revoke"],
  ])("%s %s needs the API key", async (method, path) => {
    const attempts: Array<Record<string, string>> = [{}, { authorization: "Bearer wrong-key" }, { "x-api-key": "nope" }];
    for (const headers of attempts) {
      const res = method === "GET" ? await get(path, headers) : await post(path, valid, headers);
      expect(res.status).toBe(401);
    }
    expect(await countRows()).toBe(0);
  });
});

describe("POST /api/consents", () => {
  it("records a consent, audits it, and reads it back by patient ref (plain or percent-encoded)", async () => {
    const res = await post("/api/consents", valid);
    expect(res.status).toBe(201);
    const created = (await res.json()) as { consent: Record<string, unknown>; warnings: string[] };
    expect(created.consent).toMatchObject({ patientRef: "Patient/123", phoneLast4: "0142", scopes: ["appointment", "billing"], phiLevel: "minimal", source: "web-form", evidence: "form-submission-77", phoneVerified: false, revokedAt: null });
    expect(created.warnings).toEqual(["phi-lowered-unverified-phone"]);
    expect(JSON.stringify(created)).not.toContain("5550142");

    for (const path of ["/api/consents/Patient/123", "/api/consents/Patient%2F123"]) {
      const read = await get(path);
      expect(read.status).toBe(200);
      const body = (await read.json()) as { current: { id: string }; history: unknown[]; scopes: Record<string, { allowed: boolean }> };
      expect(body.current.id).toBe(created.consent.id);
      expect(body.history).toHaveLength(1);
      expect(body.scopes.appointment?.allowed).toBe(true);
      expect(body.scopes.broadcast?.allowed).toBe(false);
    }
    const audit = await services.store.db.selectFrom("audit_log").selectAll().where("action", "=", "consent.recorded").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.subject_ref).toBe("Patient/123");
  });

  it("warns when a grant lacks the evidence policy needs", async () => {
    const { evidence: _evidence, ...noEvidence } = valid;
    const res = await post("/api/consents", { ...noEvidence, phiLevel: "none" });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { warnings: string[] }).warnings).toEqual(["evidence-missing"]);
  });

  it.each([
    ["patientRef", { patientRef: "" }],
    ["patientRef", { patientRef: 42 }],
    ["phone", { phone: "not a phone" }],
    ["phone", { phone: "+1" }],
    ["scopes", { scopes: [] }],
    ["scopes.0", { scopes: ["marketing"] }],
    ["phiLevel", { phiLevel: "full" }],
    ["source", { source: "carrier-pigeon" }],
    ["evidence", { evidence: "x".repeat(501) }],
    ["capturedBy", { source: "verbal" }],
    ["phoneVerified", { phoneVerified: true }],
  ])("answers 422 naming %s and records nothing", async (field, change) => {
    const res = await post("/api/consents", { ...valid, ...change });
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.details?.fields?.map((f) => f.field)).toContain(field);
    expect(body.error.message).toContain(field);
    expect(await countRows()).toBe(0);
  });

  it("answers 422 naming every missing field", async () => {
    const res = await post("/api/consents", {});
    const fields = ((await res.json()) as ErrorBody).error.details?.fields?.map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(["patientRef", "phone", "scopes", "phiLevel", "source"]));
  });

  it.each(["{not json", "", "[1,2"])("answers 400 for a body that is not JSON (%j)", async (raw) => {
    expect((await post("/api/consents", raw)).status).toBe(400);
    expect(await countRows()).toBe(0);
  });
});

describe("GET /api/consents/:patientRef", () => {
  it("answers 404 for a patient with no consent", async () => {
    expect((await get("/api/consents/Patient/unknown")).status).toBe(404);
  });
});

describe("POST /api/consents/:id/verify", () => {
  async function created(): Promise<string> {
    const res = await post("/api/consents", valid);
    return ((await res.json()) as { consent: { id: string } }).consent.id;
  }
  const sentCode = () => /(\d{6})/.exec(services.sms.sent.at(-1)?.body ?? "")?.[1] ?? "";

  it("texts a code, then a matching code verifies the phone and raises the PHI level", async () => {
    const id = await created();
    const start = await post(`/api/consents/${id}/verify`, "");
    expect(start.status).toBe(202);
    const started = (await start.json()) as { verificationId: string; expiresAt: string };
    expect(JSON.stringify(started)).not.toContain(sentCode());
    expect(services.sms.sent).toHaveLength(1);
    expect(services.sms.sent[0]).toMatchObject({ to: "+13125550142" });
    expect(services.sms.sent[0]?.body).toContain(services.config.practice.name);

    const check = await post(`/api/consents/${id}/verify`, { code: sentCode() });
    expect(check.status).toBe(200);
    expect(((await check.json()) as { consent: { phoneVerified: boolean } }).consent.phoneVerified).toBe(true);
    const read = (await (await get("/api/consents/Patient/123")).json()) as { scopes: Record<string, { phiLevel: string }> };
    expect(read.scopes.appointment?.phiLevel).toBe("minimal");
    const actions = (await services.store.db.selectFrom("audit_log").select("action").execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["consent.recorded", "consent.verification_sent", "reply.sent", "consent.phone_verified"]));
  });

  it("refuses a wrong code (422 naming code), then locks after 5 attempts even for the right code", async () => {
    const id = await created();
    await post(`/api/consents/${id}/verify`, {});
    const right = sentCode();
    const wrong = right === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) {
      const res = await post(`/api/consents/${id}/verify`, { code: wrong });
      expect(res.status).toBe(422);
      expect(((await res.json()) as ErrorBody).error.details?.field).toBe("code");
    }
    const locked = await post(`/api/consents/${id}/verify`, { code: right });
    expect(locked.status).toBe(429);
  });

  it("refuses an expired code with 410", async () => {
    const id = await created();
    await post(`/api/consents/${id}/verify`, {});
    services.setNow(new Date(services.clock.now().getTime() + 11 * 60_000));
    expect((await post(`/api/consents/${id}/verify`, { code: sentCode() })).status).toBe(410);
  });

  it.each([
    [{ code: "12345" }, 422],
    [{ code: 123456 }, 422],
    [{ code: "123456", extra: true }, 422],
  ])("refuses a malformed body %j", async (body, status) => {
    const id = await created();
    expect((await post(`/api/consents/${id}/verify`, body)).status).toBe(status);
  });

  it("answers 409 before any code was sent, 404 for an unknown consent, 409 for a revoked one", async () => {
    const id = await created();
    expect((await post(`/api/consents/${id}/verify`, { code: "123456" })).status).toBe(409);
    expect((await post(`/api/consents/cns_nope/verify`, {})).status).toBe(404);
    expect((await post(`/api/consents/${id}/revoke`, { reason: "patient-request" })).status).toBe(200);
    expect((await post(`/api/consents/${id}/verify`, {})).status).toBe(409);
  });

  it("sends at most 5 codes an hour for one consent", async () => {
    const id = await created();
    for (let i = 0; i < 5; i++) expect((await post(`/api/consents/${id}/verify`, {})).status).toBe(202);
    expect((await post(`/api/consents/${id}/verify`, {})).status).toBe(429);
    expect(services.sms.sent).toHaveLength(5);
    services.setNow(new Date(services.clock.now().getTime() + 61 * 60_000));
    expect((await post(`/api/consents/${id}/verify`, {})).status).toBe(202);
  });
});

describe("POST /api/consents/:id/revoke", () => {
  it("revokes one scope, then all, and policy follows", async () => {
    const id = ((await (await post("/api/consents", valid)).json()) as { consent: { id: string } }).consent.id;
    const some = await post(`/api/consents/${id}/revoke`, { scopes: ["billing"], reason: "patient-request" });
    expect(some.status).toBe(200);
    let read = (await (await get("/api/consents/Patient/123")).json()) as { scopes: Record<string, { allowed: boolean; reasons: string[] }> };
    expect(read.scopes.billing).toMatchObject({ allowed: false, reasons: ["scope-revoked"] });
    expect(read.scopes.appointment?.allowed).toBe(true);
    expect((await post(`/api/consents/${id}/revoke`, { reason: "wrong-number" })).status).toBe(200);
    read = (await (await get("/api/consents/Patient/123")).json()) as typeof read;
    expect(read.scopes.appointment?.allowed).toBe(false);
    expect((await post(`/api/consents/${id}/revoke`, { reason: "because I said so" })).status).toBe(422);
    const audits = await services.store.db.selectFrom("audit_log").select("action").where("action", "=", "consent.revoked").execute();
    expect(audits).toHaveLength(2);
  });
});
