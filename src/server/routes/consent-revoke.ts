import { isRevoked } from "../../messaging/inbound/phone-consent-state.js";
import { CONSENT_SCOPES } from "../../policy/consent.js";
import { revokeConsentAudited } from "../../store/consent-changes.js";
import { getConsent } from "../../store/consent-ledger.js";
import type { RouteMount } from "../app.js";
import { requireApiKey } from "../middleware/api-key.js";
import { jsonError } from "../middleware/errors.js";
import { consentView, readJsonBody, RevokeRequestSchema } from "./consent-request.js";

/**
 * POST /api/consents/:id/revoke `{ scopes?, reason: "patient-request" | "wrong-number" | "staff-correction" | "other" }`: a revocation taken by staff (a call, a
 * letter). Without scopes every scope goes. The row is stamped, never deleted, and audited;
 * only a new grant (a form, or the patient texting START) brings a scope back.
 */
export const mountConsentRevoke: RouteMount = (app, services) => {
  app.post("/api/consents/:id/revoke", requireApiKey(services, "write"), async (c) => {
    const body = await readJsonBody(c, RevokeRequestSchema);
    if (!body.ok) return body.response;
    const id = c.req.param("id");
    const consent = await getConsent(services.store, services.crypto, id);
    if (!consent) return jsonError(c, 404, `No consent with id ${id.slice(0, 80)}.`);
    if (isRevoked(consent) && consent.revokedScopes === undefined) return jsonError(c, 409, "This consent is already revoked for every scope.");
    const at = services.clock.now();
    const scopes = body.data.scopes ?? [...CONSENT_SCOPES];
    await revokeConsentAudited(services, consent, { scopes, reason: body.data.reason, at }, "api");
    const updated = await getConsent(services.store, services.crypto, consent.id);
    return c.json({ consent: updated ? consentView(updated) : null });
  });
};
