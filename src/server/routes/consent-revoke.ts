import { CONSENT_SCOPES } from "../../policy/consent.js";
import { appendAudit } from "../../store/audit-log.js";
import { consentChanged } from "../../automations/start-runs.js";
import { getConsent, revokeScopesForPatient } from "../../store/consent-ledger.js";
import type { RouteMount } from "../app.js";
import { actingKey, requireApiKey } from "../middleware/api-key.js";
import { jsonError } from "../middleware/errors.js";
import { consentView, readJsonBody, RevokeRequestSchema } from "./consent-request.js";

/**
 * POST /api/consents/:id/revoke `{ scopes?, reason: "patient-request" | "wrong-number" | "staff-correction" | "other" }`: a revocation taken by staff (a call, a
 * letter). Without scopes every scope goes. It revokes those scopes for the consent's patient, on
 * every row of theirs, so a newer grant never leaves them textable after a 200. Rows are stamped,
 * never deleted, and audited; only a new grant (a form, or the patient texting START) brings a
 * scope back. 409 when the patient has nothing left to revoke in those scopes.
 */
export const mountConsentRevoke: RouteMount = (app, services) => {
  app.post("/api/consents/:id/revoke", requireApiKey(services, "write"), async (c) => {
    const body = await readJsonBody(c, RevokeRequestSchema);
    if (!body.ok) return body.response;
    const id = c.req.param("id");
    const consent = await getConsent(services.store, services.crypto, id);
    if (!consent) return jsonError(c, 404, `No consent with id ${id.slice(0, 80)}.`);
    const at = services.clock.now();
    const scopes = body.data.scopes ?? [...CONSENT_SCOPES];
    const revoked = await revokeScopesForPatient(services.store, services.crypto, consent.patientRef, scopes, { reason: body.data.reason, at });
    if (revoked.length === 0) return jsonError(c, 409, "This patient's consent is already revoked for these scopes.");
    await appendAudit(services.store, {
      actor: actingKey(c),
      action: "consent.revoked",
      subjectRef: consent.patientRef,
      decision: "revoked",
      reasons: [body.data.reason],
      details: { consentId: consent.id, revokedConsentIds: revoked.join(","), scopes: scopes.join(",") },
      at,
    });
    await consentChanged(services, consent.patientRef, at);
    const updated = await getConsent(services.store, services.crypto, consent.id);
    return c.json({ consent: updated ? consentView(updated) : null, revokedConsentIds: revoked });
  });
};
