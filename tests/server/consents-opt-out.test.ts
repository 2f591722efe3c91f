import type { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decideConsent } from "../../src/policy/consent.js";
import { createApp } from "../../src/server/app.js";
import { mountConsentRoutes } from "../../src/server/routes/consents.js";
import { mountTwilioWebhooks } from "../../src/server/routes/twilio-webhooks.js";
import { createApiKey } from "../../src/store/api-keys.js";
import { latestConsentForPatient } from "../../src/store/consent-ledger.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";
import { ACCOUNT_SID, AUTH_TOKEN, sendInbound, webhookApp } from "./helpers/twilio-webhooks.js";

/** Nothing bypasses an opt-out: not a new consent through the API, not a verification code. */
const KEY = { authorization: "Bearer test-master-key-0123456789abcdef" };
const PHONE = "+13125550142";
let services: TestServices;
let app: Hono;
let webhooks: Hono;

beforeEach(async () => {
  services = await openTestServices({ env: { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN } });
  app = createApp(services, [mountConsentRoutes, mountTwilioWebhooks]);
  webhooks = webhookApp(services);
});
afterEach(() => services.dispose());

const grant = { patientRef: "Patient/123", phone: PHONE, scopes: ["appointment"], phiLevel: "minimal", source: "web-form", evidence: "form-77" };

function post(path: string, body: unknown, headers: Record<string, string> = KEY) {
  return app.request(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}
async function recorded(body: unknown = grant): Promise<string> {
  const res = await post("/api/consents", body);
  expect(res.status).toBe(201);
  return ((await res.json()) as { consent: { id: string } }).consent.id;
}
async function stop(): Promise<void> {
  await sendInbound(webhooks, services, PHONE, "STOP");
  services.setNow(new Date(services.clock.now().getTime() + 60_000));
}
const auditRows = (action: string) => services.store.db.selectFrom("audit_log").selectAll().where("action", "=", action).execute();
const appointmentAllowed = async (patientRef = "Patient/123") => decideConsent(await latestConsentForPatient(services.store, services.crypto, patientRef), { scope: "appointment", at: services.clock.now() }).allowed;

interface ErrorBody { error: { status: number; message: string; details?: Record<string, unknown> } }

describe("POST /api/consents on a number that texted STOP", () => {
  it("is refused with 409 and says how to proceed, for this patient and for anyone else on the number", async () => {
    await recorded();
    await stop();
    for (const patientRef of ["Patient/123", "Patient/sibling"]) {
      const res = await post("/api/consents", { ...grant, patientRef });
      expect(res.status).toBe(409);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.message).toMatch(/opted out/);
      expect(body.error.message).toMatch(/START/);
      expect(body.error.message).toMatch(/reconsent: \{ evidence, by \}/);
      expect(body.error.details).toMatchObject({ reason: "phone-opted-out" });
    }
    expect(await appointmentAllowed()).toBe(false);
    expect(await services.store.db.selectFrom("consents").select("id").execute()).toHaveLength(1);
  });

  it("records a written re-consent given with reconsent: { evidence, by }, and audits it as such", async () => {
    await recorded();
    await stop();
    const res = await post("/api/consents", { ...grant, evidence: "Re-consent form 2026-11-24, scanned doc 881", reconsent: { evidence: "Signed re-consent form, scanned doc 881", by: "Front desk: staff 12" } });
    expect(res.status).toBe(201);
    expect(await appointmentAllowed()).toBe(true);
    const rows = await auditRows("consent.reconsented");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: "api-key:master", subject_ref: "Patient/123", decision: "reconsent" });
    expect(JSON.parse(rows[0]?.details ?? "{}")).toMatchObject({ evidence: "Signed re-consent form, scanned doc 881", by: "Front desk: staff 12" });
    // The number is no longer opted out in minnow's ledger: a second grant needs no re-consent.
    expect((await post("/api/consents", { ...grant, patientRef: "Patient/sibling" })).status).toBe(201);
  });

  it.each([
    [{ evidence: "doc 1" }, "reconsent.by"],
    [{ by: "staff 12" }, "reconsent.evidence"],
    [{ evidence: "", by: "staff 12" }, "reconsent.evidence"],
  ])("refuses an incomplete reconsent %j with 422 naming %s", async (reconsent, field) => {
    const res = await post("/api/consents", { ...grant, reconsent });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { details: { fields: Array<{ field: string }> } } };
    expect(body.error.details.fields.map((f) => f.field)).toContain(field);
  });

  it("refuses a re-consent that was not given in writing", async () => {
    const res = await post("/api/consents", { ...grant, source: "verbal", capturedBy: "staff 12", reconsent: { evidence: "phone call", by: "staff 12" } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).error.message).toMatch(/in writing/);
  });

  it("POST /api/actions/record-consent is held to the same rule", async () => {
    const { createMainApp } = await import("../../src/server/main-app.js");
    const main = createMainApp(services);
    await recorded();
    await stop();
    const res = await main.request("/api/actions/record-consent", { method: "POST", headers: { "content-type": "application/json", ...KEY }, body: JSON.stringify(grant) });
    expect(res.status).toBe(409);
    expect(await services.store.db.selectFrom("consents").select("id").execute()).toHaveLength(1);
  });
});

describe("verification codes", () => {
  it("are never sent to a number that opted out, even for a consent row that is still live", async () => {
    await recorded();
    await stop();
    // A grant recorded around the API (an import of an old paper form) is live, but its number texted STOP.
    const { recordConsent } = await import("../../src/store/consent-ledger.js");
    const at = services.clock.now();
    const live = await recordConsent(services.store, services.crypto, { patientRef: "Patient/123", phone: PHONE, scopes: ["appointment"], phiLevel: "minimal", source: "paper", evidence: "old paper form", capturedAt: at }, at);
    const sentBefore = services.sms.sent.length;
    const res = await post(`/api/consents/${live}/verify`, {});
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorBody).error.message).toMatch(/opted out/);
    expect(services.sms.sent).toHaveLength(sentBefore);
    const refused = await auditRows("consent.verification_refused");
    expect(refused.map((r) => JSON.parse(r.reasons) as string[])).toEqual([["phone-opted-out"]]);
  });

  it("are sent again once the number texts START", async () => {
    const id = await recorded();
    await stop();
    await sendInbound(webhooks, services, PHONE, "START");
    const consentId = (await latestConsentForPatient(services.store, services.crypto, "Patient/123"))?.id ?? id;
    expect((await post(`/api/consents/${consentId}/verify`, {})).status).toBe(202);
  });
});

describe("POST /api/consents/:id/revoke", () => {
  it("revoking an older row revokes that scope for the patient: no newer row is left live", async () => {
    const older = await recorded({ ...grant, scopes: ["appointment", "billing"] });
    services.setNow(new Date(services.clock.now().getTime() + 60_000));
    await recorded({ ...grant, scopes: ["appointment", "billing"], evidence: "form-78" });
    const res = await post(`/api/consents/${older}/revoke`, { scopes: ["appointment"], reason: "patient-request" });
    expect(res.status).toBe(200);
    expect(await appointmentAllowed()).toBe(false);
    const latest = await latestConsentForPatient(services.store, services.crypto, "Patient/123");
    expect(decideConsent(latest, { scope: "billing", at: services.clock.now() }).allowed).toBe(true);
    const body = (await res.json()) as { revokedConsentIds: string[] };
    expect(body.revokedConsentIds).toHaveLength(2);
  });

  it("revoking every scope of an old row leaves nothing textable, and a second revocation is 409", async () => {
    const older = await recorded();
    services.setNow(new Date(services.clock.now().getTime() + 60_000));
    await recorded({ ...grant, evidence: "form-78" });
    expect((await post(`/api/consents/${older}/revoke`, { reason: "staff-correction" })).status).toBe(200);
    expect(await appointmentAllowed()).toBe(false);
    expect((await post(`/api/consents/${older}/revoke`, { reason: "staff-correction" })).status).toBe(409);
  });
});

describe("the acting API key", () => {
  it("is the audit actor of every consent route", async () => {
    const { key, id: keyId } = await createApiKey(services.store, "write", "front desk");
    const headers = { authorization: `Bearer ${key}` };
    const id = await (async () => {
      const res = await post("/api/consents", grant, headers);
      return ((await res.json()) as { consent: { id: string } }).consent.id;
    })();
    await post(`/api/consents/${id}/verify`, {}, headers);
    await post(`/api/consents/${id}/verify`, { code: "000001" }, headers);
    await post(`/api/consents/${id}/revoke`, { reason: "patient-request" }, headers);
    const rows = await services.store.db.selectFrom("audit_log").select(["action", "actor"]).where("action", "like", "consent.%").orderBy("seq").execute();
    expect(rows.map((r) => r.action)).toEqual(["consent.recorded", "consent.verification_sent", "consent.verification_refused", "consent.revoked"]);
    expect(new Set(rows.map((r) => r.actor))).toEqual(new Set([`api-key:${keyId}`]));
  });
});
