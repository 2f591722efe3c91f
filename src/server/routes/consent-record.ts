import type { Context } from "hono";
import type { z } from "zod";
import { displayPhone } from "../../messaging/reply-texts.js";
import type { Services } from "../../runtime/services.js";
import { appendAudit } from "../../store/audit-log.js";
import { recordConsent } from "../../store/consent-ledger.js";
import { consentChanged } from "../../automations/start-runs.js";
import { phoneOptOut, recordPhoneOptIn, type PhoneOptOut } from "../../store/phone-opt-outs.js";
import { jsonError } from "../middleware/errors.js";
import type { ConsentRequestSchema } from "./consent-request.js";

/**
 * Recording a consent through the API (POST /api/consents and /api/actions/record-consent). A
 * number that texted STOP takes no new consent, for any patient: the patient opts back in by
 * texting START, or the practice records the consent they re-gave in writing with
 * `reconsent: { evidence, by }`, which is audited as a re-consent and ends the number's opt-out.
 */
export type ApiConsent = z.output<typeof ConsentRequestSchema>;

/** The opt-out that stops this request, or null when the number never opted out or a re-consent is given. */
export async function blockingOptOut(services: Services, body: ApiConsent): Promise<PhoneOptOut | null> {
  if (body.reconsent) return null;
  return phoneOptOut(services.store, services.crypto.index.phone(body.phone));
}

/** What a refused request is told: what happened and the two ways forward. */
export function optedOutMessage(services: Services, optOut: PhoneOptOut): string {
  return (
    `This number opted out of texts on ${optOut.at.toISOString().slice(0, 10)}; no new consent is recorded for it. ` +
    `Ask the patient to text START to ${displayPhone(services.config.practice.phone)} (carriers block every text to the number until they do), ` +
    "or, if the patient re-gave consent in writing, send this request again with reconsent: { evidence, by } naming the signed form and who took it."
  );
}

export function optedOutRefusal(c: Context, services: Services, optOut: PhoneOptOut) {
  return jsonError(c, 409, optedOutMessage(services, optOut), { reason: "phone-opted-out", optedOutAt: optOut.at.toISOString() });
}

/** Records the consent, then starts the automations that follow a consent change. */
export async function recordApiConsent(services: Services, body: ApiConsent, actor: string, at: Date): Promise<string> {
  const id = await recordApiConsentOnly(services, body, actor, at);
  await consentChanged(services, body.patientRef, at);
  return id;
}

async function recordApiConsentOnly(services: Services, body: ApiConsent, actor: string, at: Date): Promise<string> {
  const { reconsent, ...grant } = body;
  const input = { ...grant, evidence: grant.evidence ?? reconsent?.evidence, capturedBy: grant.capturedBy ?? reconsent?.by, capturedAt: at };
  const id = await recordConsent(services.store, services.crypto, input, at);
  const details = { consentId: id, scopes: input.scopes.join(","), phiLevel: input.phiLevel };
  if (!reconsent) {
    await appendAudit(services.store, { actor, action: "consent.recorded", subjectRef: input.patientRef, decision: "granted", reasons: [input.source], details, at });
    return id;
  }
  const endedOptOut = await recordPhoneOptIn(services.store, services.crypto.index.phone(input.phone), "reconsent", at);
  await appendAudit(services.store, {
    actor,
    action: "consent.reconsented",
    subjectRef: input.patientRef,
    decision: "reconsent",
    reasons: [input.source, endedOptOut ? "ended-phone-opt-out" : "phone-not-opted-out"],
    details: { ...details, evidence: reconsent.evidence, by: reconsent.by },
    at,
  });
  return id;
}
