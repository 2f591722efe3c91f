import { cancelAcuityAppointment } from "../connectors/acuity/actions/cancel-appointment.js";
import { cancelAppointment } from "../connectors/fhir/actions/cancel-appointment.js";
import { setParticipantStatus } from "../connectors/fhir/actions/set-participant-status.js";
import { withEffect } from "../src/engine/effects.js";
import { log } from "../src/log.js";
import type { Services } from "../src/runtime/services.js";
import { appendAudit } from "../src/store/audit-log.js";
import { appendEvent } from "../src/store/events.js";
import { markInboundRouted } from "../src/store/inbound-messages.js";
import { replyToPatient } from "./patient-replies.js";
import { SUPERSEDED } from "./reminder-prompts.js";
import { REMINDER_ACTOR, readNow, recheckWithLocation, type ReminderInput } from "./reminder-touch.js";
import { requireFhir } from "./source-reads.js";

/**
 * What the patient's answer to "Reply C to confirm or R to reschedule" does. Each answer is
 * applied once (an effect keyed by the plan and the answer), so a retried step writes nothing twice.
 * Both EHR writes are safe to try again after the EHR failed on its side: the participant status
 * is set by a read, then a PUT with If-Match, and a status already set is left alone; a cancel
 * leaves an already cancelled appointment alone. A cancel by text is its own step, after the
 * answer is applied, so a retried cancel never re-checks an appointment it may itself have cancelled.
 */
export interface ReplyPayload {
  intent: string;
  inboundId?: string | null;
  patientRef?: string;
}

/** `cancel`: the appointment is to be cancelled at its source next (`cancelByText`), for this patient and message. */
export type ReplyOutcome = { next: "continue" | "stop"; startWaitlistFill: boolean; intent: string; cancel?: CancelByText };

export interface CancelByText {
  patientRef: string;
  inboundId: string;
}

function isOneWay(input: ReminderInput): boolean {
  return input.appointmentRef.startsWith("hl7:");
}

function isReplyPayload(value: unknown): value is ReplyPayload {
  return typeof value === "object" && value !== null && typeof (value as { intent?: unknown }).intent === "string";
}

/**
 * SIU is one-way: an answer about an HL7 appointment cannot be written back, so the reply goes
 * to the staff inbox (besides its event) for the front desk to enter in the practice system.
 */
async function toStaffInbox(services: Services, input: ReminderInput, intent: string, inboundId: string): Promise<void> {
  if (inboundId !== "none") await markInboundRouted(services.store, inboundId, { intent, routedTo: "staff:hl7-no-write-back", needsStaff: true });
  await appendAudit(services.store, { actor: REMINDER_ACTOR, action: "reply.needs_staff", subjectRef: input.appointmentRef, decision: intent, reasons: ["hl7-feed-is-one-way"], details: { planRef: input.planRef, inboundId }, at: services.clock.now() });
}

async function writeBack(services: Services, input: ReminderInput, patientRef: string, status: "accepted" | "declined"): Promise<void> {
  if (input.appointmentRef.startsWith("acuity:") || isOneWay(input)) return; // Acuity has no participant status; SIU cannot be written to
  await setParticipantStatus(requireFhir(services, "Writing the reply back"), { appointmentRef: input.appointmentRef, status, patientRef });
  await appendAudit(services.store, { actor: REMINDER_ACTOR, action: "ehr.written_back", subjectRef: input.appointmentRef, decision: status, reasons: ["patient-reply"], details: { planRef: input.planRef }, at: services.clock.now() });
}

async function cancelAtSource(services: Services, appointmentRef: string): Promise<void> {
  const acuity = services.sources.acuity;
  if (appointmentRef.startsWith("acuity:") && acuity) {
    await cancelAcuityAppointment(acuity.client, { appointmentRef, noEmail: true });
    return;
  }
  await cancelAppointment(requireFhir(services, "Cancelling by text"), { appointmentRef });
}

async function record(services: Services, input: ReminderInput, type: string, patientRef: string, inboundId: string): Promise<void> {
  const at = services.clock.now();
  await appendEvent(services.store, { id: `evt-${type}-${input.planRef}`, type, refs: { appointmentRef: input.appointmentRef, patientRef, inboundId }, occurredAt: at });
  await appendAudit(services.store, { actor: REMINDER_ACTOR, action: "reply.applied", subjectRef: input.appointmentRef, decision: type, reasons: ["patient-reply"], details: { planRef: input.planRef, inboundId }, at });
  log.info("reminder.reply_applied", { appointmentRef: input.appointmentRef, planRef: input.planRef, applied: type });
}

export async function applyReminderReply(services: Services, input: ReminderInput, payload: unknown): Promise<ReplyOutcome> {
  if (!isReplyPayload(payload)) return { next: "continue", startWaitlistFill: false, intent: "malformed" };
  const { intent } = payload;
  if (intent === SUPERSEDED || intent === "opt_out" || intent === "wrong_number") return { next: "stop", startWaitlistFill: false, intent };
  // The answer is about the appointment as it was asked; if it moved or was cancelled since, it no longer applies.
  const fresh = await recheckWithLocation(services, input, readNow(services, input));
  if ("action" in fresh) return { next: "stop", startWaitlistFill: false, intent: `stale-${intent}` };
  const patientRef = fresh.record.patientRef;
  const inboundId = payload.inboundId ?? "none";
  return withEffect(services.store, `reminder-reply:${input.planRef}:${intent}`, async (): Promise<ReplyOutcome> => {
    switch (intent) {
      case "confirm":
      case "accept":
        await writeBack(services, input, patientRef, "accepted");
        await record(services, input, "appointment.confirmed", patientRef, inboundId);
        if (isOneWay(input)) await toStaffInbox(services, input, intent, inboundId);
        return { next: "continue", startWaitlistFill: false, intent };
      case "reschedule":
        await record(services, input, "appointment.reschedule_requested", patientRef, inboundId);
        if (isOneWay(input)) await toStaffInbox(services, input, intent, inboundId);
        await replyToPatient(services, { patientRef, scope: "appointment", templateId: "reschedule-instructions", values: {}, effectKey: `reminder-reply:${input.planRef}:reschedule-instructions`, actor: REMINDER_ACTOR, subjectRef: input.appointmentRef, location: fresh.location });
        return { next: "continue", startWaitlistFill: false, intent };
      case "decline": {
        await writeBack(services, input, patientRef, "declined");
        await record(services, input, "appointment.declined", patientRef, inboundId);
        // Staff cancel an HL7 appointment in the practice system; its S15 then starts the waitlist fill.
        if (isOneWay(input)) await toStaffInbox(services, input, intent, inboundId);
        if (!services.config.reminders.allowCancelByText || isOneWay(input)) return { next: "stop", startWaitlistFill: false, intent };
        return { next: "stop", startWaitlistFill: !input.appointmentRef.startsWith("acuity:"), intent, cancel: { patientRef, inboundId } };
      }
      default:
        return { next: "continue", startWaitlistFill: false, intent: "ignored" };
    }
  });
}

/** Cancels the declined appointment at its source, once. */
export async function cancelByText(services: Services, input: ReminderInput, cancel: CancelByText): Promise<void> {
  await withEffect(services.store, `reminder-reply:${input.planRef}:cancel`, async () => {
    await cancelAtSource(services, input.appointmentRef);
    await record(services, input, "appointment.cancelled_by_text", cancel.patientRef, cancel.inboundId);
  });
}
