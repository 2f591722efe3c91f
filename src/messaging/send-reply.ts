import { withEffect } from "../engine/effects.js";
import { log } from "../log.js";
import { recordMessageOutcome } from "../metrics/registry.js";
import type { Services } from "../runtime/services.js";
import { appendAudit } from "../store/audit-log.js";
import { markFailed, markSubmitted, recordOutbound } from "../store/outbound-messages.js";

export interface ReplyRequest {
  /** The patient's phone the inbound text came from. */
  phone: string;
  body: string;
  /** Deterministic, e.g. `reply:<inbound MessageSid>:stop-confirmation`: a retried webhook never answers twice. */
  effectKey: string;
  /** Set only when exactly one patient is known on the phone; a shared phone gets null. */
  patientRef: string | null;
  /** What the reply is, for the audit: "opt-out-confirmation", "help", "clarify", … */
  purpose: string;
  /** A location's own sender (the one the patient wrote to); the practice's when absent. */
  sender?: string;
  /** The template version the body came from, when it came from one ("reschedule-instructions.en@v2"). */
  templateVersion?: string;
}

/**
 * Answers a patient's own message (HELP, a STOP confirmation, a clarifying question). Replies
 * are exempt from quiet hours, caps and consent (the patient just wrote), but are still
 * recorded, encrypted, audited, and sent exactly once per effect key.
 */
export async function sendReply(services: Services, req: ReplyRequest): Promise<{ sent: boolean; messageId: string }> {
  const { store, crypto, sms } = services;
  return withEffect(store, req.effectKey, async () => {
    const { message, created } = await recordOutbound(store, crypto, {
      effectKey: req.effectKey,
      patientRef: req.patientRef,
      phone: req.phone,
      body: req.body,
      purpose: `reply:${req.purpose}`,
      isReply: true,
      sender: req.sender ?? sms.sender,
    }, services.clock.now());
    if (!created && message.providerSid) return { sent: true, messageId: message.id };
    const result = await sms.send({ to: req.phone, body: req.body, ...(req.sender ? { sender: req.sender } : {}) });
    if (result.ok) await markSubmitted(store, message.id, result.sid);
    else await markFailed(store, message.id, String(result.code ?? result.kind));
    await appendAudit(store, {
      actor: "system:replies",
      action: result.ok ? "reply.sent" : "reply.failed",
      subjectRef: req.patientRef,
      decision: result.ok ? "send" : result.kind,
      reasons: ["reply-to-patient"],
      details: { messageId: message.id, purpose: req.purpose, ...(req.templateVersion ? { templateVersion: req.templateVersion } : {}) },
    });
    log.info(result.ok ? "reply.sent" : "reply.failed", { messageId: message.id, purpose: req.purpose });
    recordMessageOutcome(result.ok ? "message.sent" : "message.failed", ["reply-to-patient"]);
    return { sent: result.ok, messageId: message.id };
  });
}
