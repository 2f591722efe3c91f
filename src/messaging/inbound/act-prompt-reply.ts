import { createHash } from "node:crypto";
import { log } from "../../log.js";
import { asksToCancel } from "../../policy/classify-reply.js";
import type { Services } from "../../runtime/services.js";
import { appendEvent } from "../../store/events.js";
import { closePrompt, type Prompt } from "../../store/prompts.js";
import type { AnswerIntent } from "./decide-route.js";
import { acknowledge } from "./acknowledge.js";
import { staffInboxItem, type InboundContext, type RouteOutcome } from "./inbound-context.js";
import { verifyByReply } from "./verify-by-reply.js";

/** The payload a waiting workflow receives from `engine.signal`: references only. */
export interface ReplySignal {
  intent: AnswerIntent | "opt_out" | "wrong_number";
  inboundId: string | null;
  patientRef: string;
}

/**
 * A reply exactly one open prompt can take: it proves the number (verify-by-reply.ts), the
 * waiting workflow is signalled, then the prompt closes, so a second "yes" finds nothing open. Signal first: if the process dies between the
 * two, the retry signals again (the same payload) instead of losing the answer. `signal` returns
 * false when no run is parked on the key yet; the engines keep the payload for the run that
 * will wait (the prompt is open and unexpired, so its workflow is still coming), so that is logged only.
 */
export async function actMatched(services: Services, ctx: InboundContext, prompt: Prompt, intent: AnswerIntent): Promise<RouteOutcome> {
  // Before the signal, so the workflow's next text already sees the number as proven.
  await verifyByReply(services, ctx, prompt);
  const payload: ReplySignal = { intent, inboundId: ctx.inboundId, patientRef: prompt.patientRef };
  const delivered = await services.engine.signal(prompt.signalKey, payload);
  await closePrompt(services.store, prompt.signalKey, ctx.at);
  if (!delivered) log.info("reply.signal_pending", { inboundId: ctx.inboundId, promptId: prompt.id });
  if (isCancelRequest(services, prompt, intent, ctx.sms.body)) {
    await acknowledge(services, ctx, "cancel-request", `reply:${ctx.sms.messageSid}:cancel-request`, { oncePerDay: true });
    return staffInboxItem("cancel_request", prompt.signalKey);
  }
  return { intent, routedTo: prompt.signalKey, needsStaff: false };
}

/**
 * "Cancel my appointment" to a reminder: the workflow records the decline (written back to the
 * EHR), and unless the practice lets minnow cancel by text (`reminders.allowCancelByText`), a
 * person must: the patient hears that staff will follow up, and staff get an inbox item.
 */
function isCancelRequest(services: Services, prompt: Prompt, intent: AnswerIntent, body: string): boolean {
  return intent === "decline" && prompt.kind === "reminder" && !services.config.reminders.allowCancelByText && asksToCancel(body);
}

/**
 * A reply several open prompts could take (a family phone with two appointments, "Yes"). It is
 * never applied to a guess. The patient gets one short question that names no patient and no
 * appointment (a shared phone is read by the whole family), saying staff will follow up; the
 * message goes to the staff inbox, who can see which prompts were open. One question per set of
 * open prompts: a second "Yes" to the same two appointments does not ask again.
 */
export async function actAmbiguous(services: Services, ctx: InboundContext, prompts: readonly Prompt[]): Promise<RouteOutcome> {
  const promptSet = createHash("sha256").update(prompts.map((p) => p.id).sort().join(",")).digest("base64url").slice(0, 22);
  await appendEvent(services.store, {
    id: `evt-ambiguous-${ctx.inboundId}`,
    type: "reply.ambiguous",
    refs: { inboundId: ctx.inboundId },
    data: { openPrompts: prompts.length },
    occurredAt: ctx.at,
  });
  await acknowledge(services, ctx, "clarify", `reply:clarify:${ctx.phoneIdx}:${promptSet}`, { oncePerDay: false });
  return staffInboxItem("ambiguous");
}
