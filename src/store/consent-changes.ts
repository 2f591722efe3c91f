/**
 * Recording and revoking consent on someone's behalf (the API, the console), audited the same
 * way whoever does it: the actor, the patient, the scopes and the source, never the phone.
 */
import type { ConsentScope } from "../policy/consent.js";
import { appendAudit } from "./audit-log.js";
import { recordConsent, revokeScopesForPatient, type ConsentInput } from "./consent-ledger.js";
import type { Store } from "./db.js";
import type { StoreCrypto } from "./store-crypto.js";

type Deps = { store: Store; crypto: StoreCrypto };

export async function recordConsentAudited(deps: Deps, input: ConsentInput & { capturedAt: Date }, actor: string): Promise<string> {
  const id = await recordConsent(deps.store, deps.crypto, input, input.capturedAt);
  await appendAudit(deps.store, {
    actor,
    action: "consent.recorded",
    subjectRef: input.patientRef,
    decision: "granted",
    reasons: [input.source],
    details: { consentId: id, scopes: input.scopes.join(","), phiLevel: input.phiLevel },
    at: input.capturedAt,
  });
  return id;
}

/** Stops these scopes on every consent the patient has (as the API does), so no older grant still allows them. */
export async function revokeConsentAudited(deps: Deps, consent: { id: string; patientRef: string }, change: { scopes: ConsentScope[]; reason: string; at: Date }, actor: string): Promise<boolean> {
  const revoked = await revokeScopesForPatient(deps.store, deps.crypto, consent.patientRef, change.scopes, { reason: change.reason, at: change.at });
  if (revoked.length === 0) return false;
  await appendAudit(deps.store, {
    actor,
    action: "consent.revoked",
    subjectRef: consent.patientRef,
    decision: "revoked",
    reasons: [change.reason],
    details: { consentId: consent.id, revokedConsentIds: revoked.join(","), scopes: change.scopes.join(",") },
    at: change.at,
  });
  return true;
}
