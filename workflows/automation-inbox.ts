import type { RecipeSimpleStep } from "../src/automations/recipe.js";
import { senderFor } from "../src/locations/resolve-location.js";
import type { Services } from "../src/runtime/services.js";
import { appendAudit } from "../src/store/audit-log.js";
import { getInbound, markInboundRouted, recordInbound } from "../src/store/inbound-messages.js";
import type { RecipeSubject } from "./automation-subject.js";
import { automationActor, type RecipeRunRefs } from "./automation-send.js";

/**
 * A recipe's "open a staff inbox item". The inbox lists messages that need a person, so:
 * - after the patient's reply, that reply becomes the item, marked with what it asks for (an "R"
 *   reads "Asks to reschedule"), as a reminder's reply about an HL7 appointment does;
 * - without one (a timeout branch), the item is a note on the patient's thread, written by the
 *   automation and saying so, on the phone the patient is texted at.
 */
type InboxStep = Extract<RecipeSimpleStep, { kind: "inbox" }>;

/** What a reply asks of staff, in the inbox's own words (src/console/words.ts). */
const ASKS: Record<string, string> = { reschedule: "reschedule_request", decline: "cancel_request" };

/** Thrown when the reply is still being routed; the step is retried, so the router's own mark is never overwritten. */
export class ReplyNotRoutedYet extends Error {
  override name = "ReplyNotRoutedYet";
}

export async function openInboxItem(services: Services, run: RecipeRunRefs & { recipeName: string }, step: InboxStep, subject: RecipeSubject, reply: { inboundId: string; intent: string } | null): Promise<string> {
  const at = services.clock.now();
  let inboundId: string;
  if (reply) {
    const inbound = await getInbound(services.store, reply.inboundId);
    if (!inbound) return "reply-gone";
    if (inbound.intent === null) throw new ReplyNotRoutedYet(`Reply ${reply.inboundId} is still being routed; the inbox step tries again.`);
    inboundId = inbound.id;
    await markInboundRouted(services.store, inboundId, { intent: ASKS[reply.intent] ?? reply.intent, routedTo: `${run.runKey}:${step.id}`, needsStaff: true });
  } else {
    const phone = subject.contact?.phone;
    if (!phone) return "no-phone";
    const note = `Automation “${run.recipeName}”: ${step.note}`;
    const recorded = await recordInbound(services.store, services.crypto, { providerSid: `${run.runKey}:${step.id}`, phone, sender: senderFor(services, subject.location), body: note, receivedAt: at, intent: "automation_follow_up" });
    inboundId = recorded.id;
    await markInboundRouted(services.store, inboundId, { intent: "automation_follow_up", routedTo: `${run.runKey}:${step.id}`, needsStaff: true });
  }
  await appendAudit(services.store, { actor: automationActor(run.recipeId), action: "inbox.opened", subjectRef: run.subjectRef, decision: "needs-staff", reasons: ["automation"], details: { runKey: run.runKey, stepId: step.id, inboundId }, at });
  return "opened";
}
