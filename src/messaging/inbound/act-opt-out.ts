import type { Services } from "../../runtime/services.js";
import { replyWith, staffInboxItem, type InboundContext, type RouteOutcome } from "./inbound-context.js";
import { revokePhone } from "./revoke-phone.js";

/**
 * STOP-class reply: every scope for every patient on the phone is revoked, its prompts close,
 * and ONE confirmation goes out (the FCC allows one, with no marketing), unless Twilio Advanced
 * Opt-Out sent it already. A bare CANCEL while an
 * appointment reminder is open is still an opt-out, never an appointment cancellation, so the
 * confirmation says how to cancel by phone and staff see the message in case they should call.
 */
export async function actOptOut(services: Services, ctx: InboundContext, decision: { mentionsCancel: boolean }): Promise<RouteOutcome> {
  const state = await ctx.state();
  await revokePhone(services, state, { reason: "sms-opt-out", via: "sms-keyword", sourceRef: ctx.inboundId, prompts: ctx.prompts, at: ctx.at });
  const cancelAsked = decision.mentionsCancel && ctx.prompts.some((p) => p.kind === "reminder");
  // Twilio Advanced Opt-Out confirmed already; a second confirmation would be refused with 21610.
  const routedTo = ctx.carrierAnswered ? "opt-out:carrier-answered" : "opt-out";
  // Keyed by the opt-in period, not the message: STOP twice confirms once; START re-arms it.
  if (!ctx.carrierAnswered) await replyWith(services, ctx, cancelAsked ? "opt-out-cancel-by-phone" : "opt-out", `reply:opt-out:${ctx.phoneIdx}:${state.marker}`);
  return cancelAsked ? staffInboxItem("opt_out", routedTo) : { intent: "opt_out", routedTo, needsStaff: false };
}
