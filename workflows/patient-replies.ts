import { log } from "../src/log.js";
import { decideConsent } from "../src/policy/consent.js";
import { readDestination } from "../src/messaging/destination.js";
import { sendReply } from "../src/messaging/send-reply.js";
import type { OutreachRequest } from "../src/messaging/send-outreach.js";
import { renderMessage } from "../src/messaging/templates.js";
import { templateVersionOf } from "../src/messaging/template-version.js";
import type { Services } from "../src/runtime/services.js";
import { appendAudit } from "../src/store/audit-log.js";
import { latestConsentForPatient } from "../src/store/consent-ledger.js";
import { getContact } from "../src/store/contacts.js";

/**
 * Answers a patient who just replied (the booking confirmation, "already filled", rescheduling
 * instructions). A reply is exempt from quiet hours and caps, but it is still rendered at the PHI
 * level the patient's consent allows for this exact number (detail only where the number was
 * proven to reach them), in their language, and sent once per effect key, from the sender of the
 * appointment's location (the one the patient just wrote to). A number reported wrong, or one
 * that opted out, gets nothing.
 */
export type PatientReply = OutreachRequest;

async function skip(services: Services, req: PatientReply, reasons: string[]): Promise<void> {
  await appendAudit(services.store, { actor: req.actor, action: "reply.skipped", subjectRef: req.subjectRef, decision: "deny", reasons, details: { templateId: req.templateId }, at: services.clock.now() });
  log.warn("reply.skipped", { subjectRef: req.subjectRef, templateId: req.templateId, reasons });
}

export async function replyToPatient(services: Services, req: PatientReply): Promise<{ sent: boolean; reason?: string }> {
  const contact = await getContact(services.store, services.crypto, req.patientRef);
  if (!contact?.phone) return { sent: false, reason: "no-phone" };
  const consent = await latestConsentForPatient(services.store, services.crypto, req.patientRef);
  const destination = await readDestination(services, req.patientRef, contact.phoneIdx);
  const blocked = destination.wrongNumber ? "wrong-number" : destination.phoneOptedOut ? "phone-opted-out" : null;
  if (blocked) {
    await skip(services, req, [blocked]);
    return { sent: false, reason: blocked };
  }
  const { phiLevel } = decideConsent(consent, { scope: req.scope, at: services.clock.now(), phoneVerified: destination.phoneVerified });
  const rendered = renderMessage(services.config, { templateId: req.templateId, language: contact.language, phiLevel, values: req.values, ...(req.location ? { location: req.location } : {}) });
  if (!rendered.ok) {
    await skip(services, req, rendered.reasons);
    return { sent: false, reason: "render-refused" };
  }
  const sender = req.location?.sender;
  const version = await templateVersionOf(services.store, rendered.variant);
  const result = await sendReply(services, { phone: contact.phone, body: rendered.body, effectKey: req.effectKey, patientRef: req.patientRef, purpose: req.templateId, ...(sender ? { sender } : {}), ...version });
  return result.sent ? { sent: true } : { sent: false, reason: "provider-failed" };
}
