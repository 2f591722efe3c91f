import { recordCommunication } from "../connectors/fhir/actions/record-communication.js";
import { setParticipantStatus } from "../connectors/fhir/actions/set-participant-status.js";
import type { RecipeSimpleStep } from "../src/automations/recipe.js";
import { recordEvent } from "../src/events/record-event.js";
import { log } from "../src/log.js";
import type { Services } from "../src/runtime/services.js";
import { appendAudit } from "../src/store/audit-log.js";
import { setWaitlistStatus, addToWaitlist, waitlistForPatient } from "../src/store/waitlist.js";
import { addDays } from "date-fns";
import type { RecipeSubject } from "./automation-subject.js";
import { automationActor, type RecipeRunRefs } from "./automation-send.js";

/**
 * A recipe's write steps, each run once inside its own engine step: a write back to the EHR, an
 * event for REST hooks, a waitlist change. They return a short code for the journal; the audit
 * says what was done and why, by reference.
 */
type Step<K extends RecipeSimpleStep["kind"]> = Extract<RecipeSimpleStep, { kind: K }>;

/** How long a waitlist entry a recipe adds asks for: any opening in the next four weeks. */
export const WAITLIST_DAYS = 28;

async function audit(services: Services, run: RecipeRunRefs, action: string, decision: string, reasons: string[], details: Record<string, string> = {}): Promise<void> {
  await appendAudit(services.store, { actor: automationActor(run.recipeId), action, subjectRef: run.subjectRef, decision, reasons, details: { runKey: run.runKey, ...details }, at: services.clock.now() });
}

export async function writeBack(services: Services, run: RecipeRunRefs, step: Step<"write_back">, subject: RecipeSubject, lastMessageId: string | null): Promise<string> {
  const client = services.sources.fhir;
  const appointmentRef = subject.appointment?.ref;
  if (!client || !appointmentRef?.startsWith("Appointment/")) {
    await audit(services, run, "automation.write_skipped", "skip", ["source-takes-no-writes"], { stepId: step.id });
    return "skipped";
  }
  if (step.write === "communication") {
    if (!lastMessageId) return "nothing-sent";
    const { ref } = await recordCommunication(client, { messageId: lastMessageId, patientRef: subject.patientRef, appointmentRef, sentAt: services.clock.now(), category: "notification" });
    await audit(services, run, "ehr.written_back", "communication", ["automation"], { stepId: step.id, communicationRef: ref });
    return "written";
  }
  const status = step.write === "participant.accepted" ? "accepted" : "declined";
  await setParticipantStatus(client, { appointmentRef, status, patientRef: subject.patientRef });
  await audit(services, run, "ehr.written_back", status, ["automation"], { stepId: step.id });
  return "written";
}

/**
 * The hook event. Its data holds the event's name and, when the step lists them, the appointment's
 * start and location name; a patient's name and number are never stored in the event log, which
 * is kept in the clear, so those fields are left out and the audit says so.
 */
export async function emitEvent(services: Services, run: RecipeRunRefs, step: Step<"emit">, subject: RecipeSubject): Promise<string> {
  const data: Record<string, string> = { event: step.event };
  if (step.fields.includes("appointment.start") && subject.appointment) data.appointmentStart = subject.appointment.start.toISOString();
  if (step.fields.includes("location.name")) data.locationName = subject.location.name;
  const withheld = step.fields.filter((field) => field.startsWith("patient."));
  await recordEvent(services.store, { id: `evt-${run.runKey}:${step.id}`, type: "automation.emitted", refs: { runKey: run.runKey, recipeId: run.recipeId, subjectRef: run.subjectRef, patientRef: subject.patientRef }, data, occurredAt: services.clock.now() });
  if (withheld.length) await audit(services, run, "automation.emit_fields_withheld", "withhold", ["patient-identifiers-stay-out-of-the-event-log"], { stepId: step.id, fields: withheld.join(",") });
  return "emitted";
}

export async function changeWaitlist(services: Services, run: RecipeRunRefs, step: Step<"waitlist">, subject: RecipeSubject): Promise<string> {
  const waiting = (await waitlistForPatient(services.store, subject.patientRef)).filter((entry) => entry.status === "waiting");
  if (step.action === "remove") {
    for (const entry of waiting) await setWaitlistStatus(services.store, entry.id, "removed");
    await audit(services, run, "waitlist.removed", "remove", ["automation"], { stepId: step.id, entries: String(waiting.length) });
    log.info("automation.waitlist_removed", { runKey: run.runKey, entries: waiting.length });
    return `removed:${waiting.length}`;
  }
  if (waiting.length > 0) return "already-waiting";
  const now = services.clock.now();
  const id = await addToWaitlist(services.store, { patientRef: subject.patientRef, requestedStart: now, requestedEnd: addDays(now, WAITLIST_DAYS), ...(subject.appointment?.practitionerRef ? { practitionerRef: subject.appointment.practitionerRef } : {}), ...(subject.appointment?.locationRef ? { locationRef: subject.appointment.locationRef } : {}) }, now);
  await audit(services, run, "waitlist.added", "add", ["automation"], { stepId: step.id, waitlistRef: id });
  return "added";
}
