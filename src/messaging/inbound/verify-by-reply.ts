import type { Services } from "../../runtime/services.js";
import { appendAudit } from "../../store/audit-log.js";
import { markPhoneVerified } from "../../store/patient-phones.js";
import type { Prompt } from "../../store/prompts.js";
import type { InboundContext } from "./inbound-context.js";

/**
 * Proof by reply (`consent.verifyByReply`, on by default): a text from a number that answers the
 * prompt sent to that number for this patient shows that the number reaches someone who knows
 * about the appointment. The number, and only that number, is then verified for the patient,
 * with the inbound message as evidence, so later texts may carry the day and time.
 */
export async function verifyByReply(services: Services, ctx: InboundContext, prompt: Prompt): Promise<void> {
  if (!services.config.consent.verifyByReply) return;
  const proof = { patientRef: prompt.patientRef, phoneIdx: ctx.phoneIdx, via: "reply" as const, evidence: ctx.inboundId, at: ctx.at };
  if (!(await markPhoneVerified(services.store, proof))) return;
  await appendAudit(services.store, {
    actor: "patient:sms",
    action: "consent.phone_verified",
    subjectRef: prompt.patientRef,
    decision: "reply",
    reasons: ["reply-to-prompt"],
    details: { inboundId: ctx.inboundId, promptId: prompt.id },
    at: ctx.at,
  });
}
