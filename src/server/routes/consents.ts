import { CONSENT_SCOPES, decideConsent } from "../../policy/consent.js";
import { consentHistory, getConsent } from "../../store/consent-ledger.js";
import type { RouteMount } from "../app.js";
import { actingKey, requireApiKey } from "../middleware/api-key.js";
import { jsonError } from "../middleware/errors.js";
import { blockingOptOut, optedOutRefusal, recordApiConsent } from "./consent-record.js";
import { mountConsentRevoke } from "./consent-revoke.js";
import { consentView, ConsentRequestSchema, readJsonBody } from "./consent-request.js";
import { mountConsentVerify } from "./consent-verify.js";

/**
 * The consent ledger over HTTP, behind the API key: record a grant, read a patient's standing and
 * history, verify the phone by one-time code, revoke. Every change is audited, with the acting API
 * key as its actor; a number that texted STOP takes no new consent (consent-record.ts). Patient refs may
 * contain "/" (FHIR's "Patient/123"), sent as is or percent-encoded.
 */
export const mountConsentRoutes: RouteMount = (app, services) => {
  app.post("/api/consents", requireApiKey(services, "write"), async (c) => {
    const body = await readJsonBody(c, ConsentRequestSchema);
    if (!body.ok) return body.response;
    const optOut = await blockingOptOut(services, body.data);
    if (optOut) return optedOutRefusal(c, services, optOut);
    const at = services.clock.now();
    const id = await recordApiConsent(services, body.data, actingKey(c), at);
    const record = await getConsent(services.store, services.crypto, id);
    if (!record) throw new Error(`Consent ${id} was recorded but cannot be read back; check the database.`);
    // What policy will make of it, so a grant missing its evidence is caught at capture, not at send.
    const warnings = [...new Set(CONSENT_SCOPES.filter((s) => record.scopes.includes(s)).flatMap((scope) => decideConsent(record, { scope, at }).reasons))];
    return c.json({ consent: consentView(record), warnings }, 201);
  });

  app.get("/api/consents/:patientRef{.+}", requireApiKey(services, "read"), async (c) => {
    const patientRef = c.req.param("patientRef");
    const history = await consentHistory(services.store, services.crypto, patientRef);
    const [current] = history;
    if (!current) return jsonError(c, 404, `No consent is recorded for ${patientRef.slice(0, 200)}.`);
    const at = services.clock.now();
    const scopes = Object.fromEntries(CONSENT_SCOPES.map((scope) => [scope, decideConsent(current, { scope, at })]));
    return c.json({ patientRef, current: consentView(current), scopes, history: history.map(consentView) });
  });

  mountConsentVerify(app, services);
  mountConsentRevoke(app, services);
};
