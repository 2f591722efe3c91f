import { asksToCancel } from "../../policy/classify-reply.js";
import type { Services } from "../../runtime/services.js";
import { appendEvent } from "../../store/events.js";
import { acknowledge } from "./acknowledge.js";
import { staffInboxItem, type InboundContext, type RouteOutcome } from "./inbound-context.js";
import { soleRecipient } from "./phone-consent-state.js";

/**
 * A reply minnow cannot act on goes to the staff inbox (its body is stored encrypted) with a
 * `reply.unrecognized` event, and the patient hears that staff will follow up: at most once per
 * conversation per day, so a chatty patient is not answered by a robot on every line, and never
 * after opting out (the one confirmation was the last automatic text; HELP and START still answer).
 * "Cancel my appointment" with no reminder open is a cancel request: same path, its own answer.
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
  const cancel = asksToCancel(ctx.sms.body);
  const id = cancel ? "cancel-request" : "unrecognized";
  await acknowledge(services, ctx, id, `reply:${ctx.sms.messageSid}:${id}`, { oncePerDay: true });
  return staffInboxItem(cancel ? "cancel_request" : "unknown");
}
