import { z } from "zod";
import { defineWorkflow, ref } from "../src/engine/port.js";
import { locationForSender } from "../src/locations/resolve-location.js";
import { log } from "../src/log.js";
import { STAFF_ANSWER_TEMPLATES, type TemplateId } from "../src/messaging/default-templates.js";
import { sendStaffAnswer, type StaffAnswerContent } from "../src/messaging/send-staff-answer.js";
import type { Services } from "../src/runtime/services.js";
import { getInbound } from "../src/store/inbound-messages.js";
import { getStaffReply, readStaffReplyText, settleStaffReply } from "../src/store/staff-replies.js";
import type { GetServices } from "./services-getter.js";

/**
 * Sends an answer a staff member wrote in the console inbox. The words wait, encrypted, in the
 * store; the run carries only the reply's id. It takes the policy decision like any text: at
 * night it sleeps until the patient's window opens and decides again, and a patient who opted
 * out in the meantime is not texted. The outcome is written back for the inbox to show.
 */
export const staffReplyInput = z.object({ replyId: ref() });
export type StaffReplyInput = z.infer<typeof staffReplyInput>;

type Attempt = { action: "wait"; untilMs: number } | { action: "done"; status: "sent" | "not-sent" | "failed"; reasons: string[] };

function isStaffTemplate(id: string): id is TemplateId {
  return (STAFF_ANSWER_TEMPLATES as readonly string[]).includes(id);
}

async function contentOf(services: Services, replyId: string, templateId: string | null): Promise<StaffAnswerContent | null> {
  if (templateId !== null) return isStaffTemplate(templateId) ? { templateId } : null;
  const text = await readStaffReplyText(services.store, services.crypto, replyId);
  return text === null ? null : { text };
}

async function attempt(services: Services, replyId: string): Promise<Attempt> {
  const reply = await getStaffReply(services.store, replyId);
  if (!reply) return { action: "done", status: "not-sent", reasons: ["reply-gone"] };
  const content = await contentOf(services, replyId, reply.templateId);
  const now = services.clock.now();
  if (!content) {
    await settleStaffReply(services.store, replyId, { status: "not-sent", reasons: ["reply-content-gone"] }, now);
    return { action: "done", status: "not-sent", reasons: ["reply-content-gone"] };
  }
  // The answer goes back from the number the patient wrote to (a location's own sender, or the practice's).
  const inbound = await getInbound(services.store, reply.inboundId);
  const location = inbound ? locationForSender(services.config, inbound.sender) : undefined;
  const result = await sendStaffAnswer(services, { patientRef: reply.patientRef, scope: "appointment", content, effectKey: `staff-reply:${replyId}`, actor: `staff:${reply.staffId}`, subjectRef: reply.inboundId, ...(location ? { location } : {}) });
  switch (result.outcome) {
    case "deferred":
      await settleStaffReply(services.store, replyId, { status: "deferred", reasons: result.reasons, until: result.until }, now);
      return { action: "wait", untilMs: result.until.getTime() };
    case "sent":
      await settleStaffReply(services.store, replyId, { status: "sent", reasons: [], messageId: result.messageId }, now);
      return { action: "done", status: "sent", reasons: [] };
    case "denied":
    case "failed":
      await settleStaffReply(services.store, replyId, { status: result.outcome === "denied" ? "not-sent" : "failed", reasons: result.reasons }, now);
      return { action: "done", status: result.outcome === "denied" ? "not-sent" : "failed", reasons: result.reasons };
  }
}

export function createStaffReply(getServices: GetServices) {
  return defineWorkflow({
    id: "staff-reply",
    input: staffReplyInput,
    async run(input, step) {
      const services = await getServices();
      for (let tries = 0; ; tries++) {
        const outcome = await step.run(`send:${tries}`, () => attempt(services, input.replyId));
        if (outcome.action === "done") {
          log.info("staff_reply.settled", { replyId: input.replyId, status: outcome.status, reasons: outcome.reasons });
          return outcome;
        }
        await step.sleepUntil(`deferred:${tries}`, new Date(outcome.untilMs));
      }
    },
  });
}
