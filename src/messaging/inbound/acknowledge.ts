import { log } from "../../log.js";
import { decideSend } from "../../policy/decide-send.js";
import type { Services } from "../../runtime/services.js";
import { appendAudit } from "../../store/audit-log.js";
import { claimAutoReply } from "../../store/conversations.js";
import { readDestination } from "../destination.js";
import type { ReplyTextId } from "../reply-texts.js";
import { replyWith, type InboundContext } from "./inbound-context.js";
import { soleRecipient } from "./phone-consent-state.js";

/**
 * The short "our staff will follow up" answer to a reply that goes to the staff inbox (unknown,
 * ambiguous, a request to cancel). It passes the policy decision as an acknowledgement: never to
 * a number that opted out or was called wrong (the one STOP confirmation was the last automatic
 * text). `oncePerDay` applies the conversation's cap of one automatic reply a day.
 */
export async function acknowledge(services: Services, ctx: InboundContext, id: ReplyTextId, effectKey: string, opts: { oncePerDay: boolean }): Promise<boolean> {
  const state = await ctx.state();
  const patientRef = soleRecipient(state);
  const destination = await readDestination(services, patientRef, ctx.phoneIdx);
  const decision = decideSend({
    kind: "acknowledgement",
    at: ctx.at,
    scope: "appointment",
    consent: null,
    recipient: { phone: ctx.sms.from },
    practiceTimeZone: services.config.practice.timeZone,
    history: [],
    phoneOptedOut: state.optedOut || destination.phoneOptedOut,
    wrongNumber: destination.wrongNumber,
  });
  if (decision.action !== "send") {
    await appendAudit(services.store, { actor: "system:replies", action: "reply.skipped", subjectRef: patientRef, decision: "deny", reasons: decision.reasons, details: { inboundId: ctx.inboundId, purpose: id }, at: ctx.at });
    log.info("reply.skipped", { inboundId: ctx.inboundId, purpose: id, reasons: decision.reasons });
    return false;
  }
  if (opts.oncePerDay && !(await claimAutoReply(services.store, ctx.phoneIdx, ctx.sms.sender, ctx.at))) return false;
  await replyWith(services, ctx, id, effectKey);
  return true;
}
