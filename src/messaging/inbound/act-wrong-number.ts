import type { Services } from "../../runtime/services.js";
import { appendAudit } from "../../store/audit-log.js";
import { appendEvent } from "../../store/events.js";
import { markWrongNumber } from "../../store/patient-phones.js";
import { closePromptsForPhone } from "../../store/prompts.js";
import { replyWith, staffInboxItem, type InboundContext, type RouteOutcome } from "./inbound-context.js";

/**
 * "Wrong number" ("número equivocado", "you have the wrong person"): whoever has this phone is
 * not the patient. For every patient the phone speaks for, the number is marked wrong, so nothing
 * is texted to them there again (the send path denies `wrong-number`) until a code proves the
 * number; their consent stands, for the right number. Waiting workflows stop, a
 * `patient.wrong_number` event goes out, staff get an inbox item to fix the record, and the
 * sender gets one short thank-you that names no one.
 */
export async function actWrongNumber(services: Services, ctx: InboundContext): Promise<RouteOutcome> {
  const { store, engine } = services;
  const state = await ctx.state();
  const changed: string[] = [];
  for (const patientRef of state.patientRefs) {
    if (await markWrongNumber(store, { patientRef, phoneIdx: ctx.phoneIdx, evidence: ctx.inboundId, at: ctx.at })) changed.push(patientRef);
  }
  for (const prompt of ctx.prompts) {
    await engine.signal(prompt.signalKey, { intent: "wrong_number", inboundId: ctx.inboundId, patientRef: prompt.patientRef });
  }
  await closePromptsForPhone(store, ctx.phoneIdx, ctx.at);
  for (const patientRef of changed) {
    await appendAudit(store, { actor: "sms:inbound", action: "contact.wrong_number", subjectRef: patientRef, decision: "stop-texting-number", reasons: ["wrong-number-reply"], details: { inboundId: ctx.inboundId }, at: ctx.at });
    await appendEvent(store, { id: `evt-wrong-number-${ctx.inboundId}-${patientRef}`, type: "patient.wrong_number", refs: { patientRef, inboundId: ctx.inboundId }, occurredAt: ctx.at });
  }
  // One thank-you per report that changed something; a phone that opted out hears nothing more.
  if (changed.length > 0 && !state.optedOut) await replyWith(services, ctx, "wrong-number", `reply:${ctx.sms.messageSid}:wrong-number`);
  return staffInboxItem("wrong_number");
}
