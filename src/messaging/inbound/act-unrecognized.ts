import type { Services } from "../../runtime/services.js";
import { claimAutoReply } from "../../store/conversations.js";
import { appendEvent } from "../../store/events.js";
import { replyWith, type InboundContext, type RouteOutcome } from "./inbound-context.js";
import { soleRecipient } from "./phone-consent-state.js";

/**
 * A reply minnow cannot read goes to the staff inbox (its body is stored encrypted) with a
 * `reply.unrecognized` event. The patient hears back at most once per conversation per day, so
 * a chatty patient is not answered by a robot on every line, and never after opting out: the one
 * confirmation was the last automatic text they get (HELP and START still answer).
 */
export async function actUnrecognized(services: Services, ctx: InboundContext): Promise<RouteOutcome> {
  const state = await ctx.state();
  const patientRef = soleRecipient(state);
  await appendEvent(services.store, {
    id: `evt-unrecognized-${ctx.inboundId}`,
    type: "reply.unrecognized",
    refs: patientRef ? { inboundId: ctx.inboundId, patientRef } : { inboundId: ctx.inboundId },
    data: { openPrompts: ctx.prompts.length },
    occurredAt: ctx.at,
  });
  if (!state.optedOut && (await claimAutoReply(services.store, ctx.phoneIdx, ctx.sms.sender, ctx.at))) {
    await replyWith(services, ctx, "unrecognized", `reply:${ctx.sms.messageSid}:unrecognized`);
  }
  return { intent: "unknown", routedTo: "staff", needsStaff: true };
}
