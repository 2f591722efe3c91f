import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { readDestination } from "../../messaging/destination.js";
import { isRevoked } from "../../messaging/inbound/phone-consent-state.js";
import { replyLanguage, replyText } from "../../messaging/reply-texts.js";
import { sendReply } from "../../messaging/send-reply.js";
import { decideSend, type SendDecision } from "../../policy/decide-send.js";
import type { Services } from "../../runtime/services.js";
import { appendAudit } from "../../store/audit-log.js";
import { getConsent, type ConsentRecord } from "../../store/consent-ledger.js";
import { getContact } from "../../store/contacts.js";
import { checkPhoneVerification, DEFAULT_CODE_TTL_MS, generateVerificationCode, startPhoneVerification, type VerificationOutcome } from "../../store/phone-verifications.js";
import type { RouteMount } from "../app.js";
import { actingKey, requireApiKey } from "../middleware/api-key.js";
import { jsonError } from "../middleware/errors.js";
import { consentView, readJsonBody, VerifyRequestSchema } from "./consent-request.js";

/** Codes one consent may be sent per hour: enough for typos and lost texts, too few to spam a phone. */
export const MAX_CODES_PER_HOUR = 5;

const REFUSALS: Record<Exclude<VerificationOutcome, "verified">, { status: ContentfulStatusCode; message: string }> = {
  "wrong-code": { status: 422, message: "code: does not match the code sent; check it and try again." },
  expired: { status: 410, message: "The code has expired; ask for a new one (POST without a code)." },
  "too-many-attempts": { status: 429, message: "Too many wrong codes; ask for a new one (POST without a code)." },
  "no-code": { status: 409, message: "No code was sent for this consent; ask for one first (POST without a code)." },
};

async function codesSentInLastHour(services: Services, consentId: string, at: Date): Promise<number> {
  const rows = await services.store.db
    .selectFrom("phone_verifications")
    .select("id")
    .where("consent_id", "=", consentId)
    .where("created_at", ">", at.getTime() - 3_600_000)
    .execute();
  return rows.length;
}

/**
 * The policy decision for a code, like any other text: never to a number that opted out (the
 * consent row may still be live while its number texted STOP). Exempt from quiet hours and caps:
 * the patient asked for it at the desk or on a form.
 */
async function decideCode(services: Services, consent: ConsentRecord, at: Date): Promise<SendDecision> {
  const destination = await readDestination(services, consent.patientRef, consent.phoneIdx);
  return decideSend({
    kind: "verification",
    at,
    scope: "appointment",
    consent,
    recipient: { phone: consent.phone },
    practiceTimeZone: services.config.practice.timeZone,
    history: [],
    phoneOptedOut: destination.phoneOptedOut,
    wrongNumber: destination.wrongNumber,
  });
}

async function sendCode(c: Context, services: Services, consent: ConsentRecord) {
  const at = services.clock.now();
  const decision = await decideCode(services, consent, at);
  if (decision.action !== "send") {
    await appendAudit(services.store, { actor: actingKey(c), action: "consent.verification_refused", subjectRef: consent.patientRef, decision: "deny", reasons: decision.reasons, details: { consentId: consent.id }, at });
    return jsonError(c, 409, "This number opted out of texts (STOP), so no code is sent to it. The patient can text START to opt back in; then ask for a code again.", { reasons: decision.reasons });
  }
  if ((await codesSentInLastHour(services, consent.id, at)) >= MAX_CODES_PER_HOUR) {
    return jsonError(c, 429, `At most ${MAX_CODES_PER_HOUR} codes an hour are sent for one consent; try again later.`);
  }
  const code = generateVerificationCode();
  const verificationId = await startPhoneVerification(services.store, services.crypto, consent.id, code, { now: at });
  const contact = await getContact(services.store, services.crypto, consent.patientRef);
  const body = replyText(services.config, "verification-code", replyLanguage(contact?.language), { code });
  const sent = await sendReply(services, { phone: consent.phone, body, effectKey: `verify:${verificationId}`, patientRef: consent.patientRef, purpose: "verification-code" });
  await appendAudit(services.store, {
    actor: actingKey(c),
    action: "consent.verification_sent",
    subjectRef: consent.patientRef,
    decision: sent.sent ? "sent" : "send-failed",
    details: { consentId: consent.id, verificationId, messageId: sent.messageId },
    at,
  });
  if (!sent.sent) return jsonError(c, 502, "The SMS provider refused the code; check the phone number, then ask again.");
  return c.json({ verificationId, expiresAt: new Date(at.getTime() + DEFAULT_CODE_TTL_MS).toISOString() }, 202);
}

/**
 * POST /api/consents/:id/verify: without a body (or `{}`) texts a one-time code to the consent's
 * phone; with `{ code }` checks it. Codes expire after 10 minutes and allow 5 attempts; only an
 * HMAC of the code is stored, and the code is never returned or logged.
 */
export const mountConsentVerify: RouteMount = (app, services) => {
  app.post("/api/consents/:id/verify", requireApiKey(services, "write"), async (c) => {
    const body = await readJsonBody(c, VerifyRequestSchema, { emptyAs: {} });
    if (!body.ok) return body.response;
    const consent = await getConsent(services.store, services.crypto, c.req.param("id"));
    if (!consent) return jsonError(c, 404, `No consent with id ${c.req.param("id").slice(0, 80)}.`);
    if (isRevoked(consent)) return jsonError(c, 409, "This consent is revoked; record a new one before verifying its phone.");
    if (body.data.code === undefined) return sendCode(c, services, consent);

    const at = services.clock.now();
    const outcome = await checkPhoneVerification(services.store, services.crypto, consent.id, body.data.code, { now: at });
    await appendAudit(services.store, {
      actor: actingKey(c),
      action: outcome === "verified" ? "consent.phone_verified" : "consent.verification_refused",
      subjectRef: consent.patientRef,
      decision: outcome,
      details: { consentId: consent.id },
      at,
    });
    if (outcome !== "verified") {
      const refusal = REFUSALS[outcome];
      return jsonError(c, refusal.status, refusal.message, { outcome, ...(outcome === "wrong-code" ? { field: "code" } : {}) });
    }
    const verified = await getConsent(services.store, services.crypto, consent.id);
    return c.json({ verified: true, consent: verified ? consentView(verified) : null });
  });
};
