import { resolveLocation, senderFor, type ResolvedLocation } from "../src/locations/resolve-location.js";
import { log } from "../src/log.js";
import { sendOutreach } from "../src/messaging/send-outreach.js";
import type { Services } from "../src/runtime/services.js";
import { appendAudit } from "../src/store/audit-log.js";
import { getContact, type Contact } from "../src/store/contacts.js";
import { openPrompt } from "../src/store/prompts.js";
import { planTouch, type Touch } from "./reminder-plan.js";
import { standDownReminderPrompts } from "./reminder-prompts.js";
import { isReadRetry, readOrRetryLater, type SourceLogRefs } from "./read-retry.js";
import type { RecentRead } from "./recent-read.js";
import { currentPlanRef } from "./reminder-stay.js";
import { readAppointment, type FreshAppointment } from "./source-reads.js";
import { reminderSignalKey } from "./workflow-keys.js";

/**
 * One attempt at one reminder touch, run inside a step: re-read the appointment, decide, and
 * send. What it returns is journaled, so it carries refs, reasons and the wake instant only.
 */
export interface ReminderInput {
  appointmentRef: string;
  planRef: string;
}

export type TouchOutcome =
  | { action: "stand-down"; reason: "gone" | "not-booked" | "moved" | "appointment-started" }
  | { action: "wait"; untilMs: number; why: "not-due" | "deferred" | "source-unreachable" }
  | { action: "skipped"; reasons: string[] }
  /** `startMs`: the start the send was checked against (absent in outcomes journaled before it was added). */
  | { action: "sent"; messageId: string; asksForReply: boolean; startMs?: number };

export const REMINDER_ACTOR = "workflow:appointment-reminder";

/** The refs a reminder's log lines carry when its source cannot be reached. */
export function reminderLogRefs(input: ReminderInput): SourceLogRefs {
  return { workflowId: "appointment-reminder", appointmentRef: input.appointmentRef, planRef: input.planRef };
}

/** How a reminder reads its appointment: a run's recent read (recent-read.ts), or `readNow`. */
export type AppointmentReader = Pick<RecentRead<FreshAppointment | null>, "read">;

/** A reader that always asks the source. */
export function readNow(services: Services, input: ReminderInput): AppointmentReader {
  return { read: () => readAppointment(services, input.appointmentRef) };
}

/** Still booked, at the start this plan was made for? And where is it (zone, sender)? */
export async function recheckWithLocation(services: Services, input: ReminderInput, appointment: AppointmentReader): Promise<(FreshAppointment & { location: ResolvedLocation }) | Extract<TouchOutcome, { action: "stand-down" }>> {
  const fresh = await recheckAppointment(services, input, appointment);
  return "action" in fresh ? fresh : { ...fresh, location: await resolveLocation(services, fresh.record) };
}

/**
 * The stay of each read of the appointment. Steps that share a read (recent-read.ts) share its
 * stay too: both say where the booking stood at one moment, and both are taken afresh after every
 * sleep or wait. A check that failed is not kept.
 */
const stayOfRead = new WeakMap<FreshAppointment, Promise<string>>();

function planRefOfRead(services: Services, input: ReminderInput, fresh: FreshAppointment): Promise<string> {
  const known = stayOfRead.get(fresh);
  if (known) return known;
  const checking = currentPlanRef(services, input.appointmentRef, fresh.record.start);
  stayOfRead.set(fresh, checking);
  checking.catch(() => {
    if (stayOfRead.get(fresh) === checking) stayOfRead.delete(fresh);
  });
  return checking;
}

/**
 * Still booked, at the start this plan was made for, and still in the stay it was made for (see
 * reminder-stay.ts)? `appointment` reads it (see recent-read.ts).
 */
export async function recheckAppointment(services: Services, input: ReminderInput, appointment: AppointmentReader): Promise<FreshAppointment | Extract<TouchOutcome, { action: "stand-down" }>> {
  const fresh = await appointment.read();
  if (!fresh) return { action: "stand-down", reason: "gone" };
  if (fresh.record.status !== "booked") return { action: "stand-down", reason: "not-booked" };
  if ((await planRefOfRead(services, input, fresh)) !== input.planRef) return { action: "stand-down", reason: "moved" };
  return fresh;
}

async function auditSkip(services: Services, input: ReminderInput, touch: Touch, action: string, reasons: string[]): Promise<void> {
  await appendAudit(services.store, { actor: REMINDER_ACTOR, action, subjectRef: input.appointmentRef, decision: "skip", reasons, details: { planRef: input.planRef, touch: touch.name }, at: services.clock.now() });
  log.info(action, { appointmentRef: input.appointmentRef, planRef: input.planRef, touch: touch.name, reasons });
}

async function askForReply(services: Services, input: ReminderInput, contact: Contact | null, patientRef: string, start: Date, location: ResolvedLocation): Promise<void> {
  if (!contact?.phoneIdx) throw new Error(`Reminder ${input.planRef} was sent but the contact has no phone index; re-run sync to refresh contacts.`);
  const signalKey = reminderSignalKey(input.planRef);
  await standDownReminderPrompts(services, input.appointmentRef, signalKey);
  await openPrompt(
    services.store,
    { phoneIdx: contact.phoneIdx, sender: senderFor(services, location), patientRef, kind: "reminder", subjectRef: input.appointmentRef, expecting: ["confirm", "reschedule", "decline"], signalKey, expiresAt: start },
    services.clock.now(),
  );
}

/**
 * `appointment` reads the appointment (see recent-read.ts); `readFailures`: how many attempts
 * just before this one could not read the source.
 */
export async function attemptTouch(services: Services, input: ReminderInput, appointment: AppointmentReader, touches: readonly Touch[], index: number, readFailures = 0): Promise<TouchOutcome> {
  const touch = touches[index];
  if (!touch) throw new RangeError(`No reminder touch at index ${index}.`);
  const fresh = await readOrRetryLater(services, reminderLogRefs(input), readFailures, () => recheckWithLocation(services, input, appointment));
  if (isReadRetry(fresh)) return fresh;
  if ("action" in fresh) {
    await auditSkip(services, input, touch, "reminder.stood_down", [fresh.reason]);
    return fresh;
  }
  const { record, location } = fresh;
  const decision = planTouch(touches, index, record.start, services.clock.now(), location.timeZone);
  if (decision.action === "stop") {
    await auditSkip(services, input, touch, "reminder.stood_down", [decision.reason]);
    return { action: "stand-down", reason: decision.reason };
  }
  if (decision.action === "wait") return { action: "wait", untilMs: decision.until.getTime(), why: "not-due" };
  if (decision.action === "skip") {
    await auditSkip(services, input, touch, "reminder.touch_skipped", [decision.reason]);
    return { action: "skipped", reasons: [decision.reason] };
  }
  // One read of the contact serves the decision and the question the text asks.
  const contact = await getContact(services.store, services.crypto, record.patientRef);
  const result = await sendOutreach(services, {
    patientRef: record.patientRef,
    scope: "appointment",
    templateId: touch.asksForReply ? "appointment-confirm-request" : "appointment-reminder",
    values: { patient: { firstName: fresh.firstName }, appointment: { start: record.start } },
    effectKey: `reminder:${input.planRef}:${touch.name}`,
    actor: REMINDER_ACTOR,
    subjectRef: input.appointmentRef,
    location,
  }, contact);
  switch (result.outcome) {
    case "deferred":
      return { action: "wait", untilMs: result.until.getTime(), why: "deferred" };
    case "denied":
    case "failed":
      return { action: "skipped", reasons: result.reasons };
    case "sent":
      if (touch.asksForReply) await askForReply(services, input, contact, record.patientRef, record.start, location);
      return { action: "sent", messageId: result.messageId, asksForReply: touch.asksForReply, startMs: record.start.getTime() };
  }
}
