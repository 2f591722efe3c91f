import type { AppointmentRecord, BalanceRecord } from "../connectors/records.js";
import type { WorkflowDefinition } from "../src/engine/port.js";
import type { Services } from "../src/runtime/services.js";
import { recordEvent } from "../src/events/record-event.js";
import { recordNoShow } from "../src/metrics/registry.js";
import { getSeen, storeSeen } from "../src/store/sync-seen.js";
import { appointmentTriggers, startRecipeRuns, type ActiveRecipesRead, type AutomationRunWorkflow } from "./automation-triggers.js";
import { standDownReminderPrompts } from "./reminder-prompts.js";
import { startStayPlan } from "./reminder-stay.js";
import { appointmentFingerprint, classifyChange, type AppointmentChange } from "./sync-diff.js";
import { ensureContact, syncPatientContact } from "./sync-patient.js";
import { balanceRunKey } from "./workflow-keys.js";

/**
 * What sync does about one record. The new fingerprint is stored only after the runs it implies
 * have been started, so a crash in between makes the next sync try again instead of forgetting.
 */
export interface SyncWorkflows {
  appointmentReminder: WorkflowDefinition<{ appointmentRef: string; planRef: string }>;
  waitlistFill: WorkflowDefinition<{ cancelledRef: string }>;
  paymentReminder: WorkflowDefinition<{ balanceRef: string }>;
  /** Absent where no automations run (a workflow set without it); present in minnow's own. */
  automationRun?: AutomationRunWorkflow;
}

export interface AppointmentApplied {
  change: AppointmentChange;
  reminderStarted: boolean;
  waitlistStarted: boolean;
  consentImported: boolean;
  automationRunsStarted: number;
}

/** `recipes`: the active automations as read once for the page this record came in (sync.ts). */
export async function applyAppointment(services: Services, wf: SyncWorkflows, record: AppointmentRecord, recipes?: ActiveRecipesRead): Promise<AppointmentApplied> {
  const seenAs = `appointment:${record.source}`;
  const previous = await getSeen(services.store, seenAs, record.ref);
  const fingerprint = appointmentFingerprint(services, record);
  const change = classifyChange(previous, record, fingerprint);
  const applied: AppointmentApplied = { change, reminderStarted: false, waitlistStarted: false, consentImported: false, automationRunsStarted: 0 };
  if (change === "unchanged") return applied;

  const now = services.clock.now();
  const upcoming = record.start.getTime() > now.getTime();
  if (record.status === "booked" && upcoming) {
    applied.consentImported = (await syncPatientContact(services, record.patientRef, record.contact, record.smsOptIn)) !== null;
    applied.reminderStarted = await startStayPlan(services, wf.appointmentReminder, record, previous, change);
  }
  if (change === "cancelled") {
    await standDownReminderPrompts(services, record.ref);
    // A deterministic id: a sync retried after a crash records the cancellation once.
    await recordEvent(services.store, { type: "appointment.cancelled", refs: { appointmentRef: record.ref }, occurredAt: now, id: `evt-cancelled-${record.source}-${record.ref}` });
    // Acuity's own booking page fills its openings; an EHR's or an HL7 feed's slot is offered to the waitlist.
    if (record.source !== "acuity" && upcoming && previous?.status === "booked") {
      applied.waitlistStarted = (await services.engine.start(wf.waitlistFill, { cancelledRef: record.ref }, { key: `waitlist:${record.ref}` })).started;
    }
  }
  if (record.status === "noshow" && previous?.status !== "noshow") {
    await recordEvent(services.store, { type: "appointment.no_show", refs: { appointmentRef: record.ref, patientRef: record.patientRef }, occurredAt: now, id: `evt-no-show-${record.source}-${record.ref}` });
    recordNoShow(record.source);
  }
  const automationRun = wf.automationRun;
  if (automationRun) {
    for (const event of appointmentTriggers(services, record, change, previous, now)) applied.automationRunsStarted += await startRecipeRuns(services, automationRun, event, { recipes });
  }
  await storeSeen(services.store, seenAs, record.ref, { fingerprint, status: record.status }, now);
  return applied;
}

export async function applyBalance(services: Services, wf: SyncWorkflows, balance: BalanceRecord, recipes?: ActiveRecipesRead): Promise<{ started: boolean }> {
  if (balance.status !== "unpaid") return { started: false };
  const seenAs = `balance:${balance.source}`;
  if (await getSeen(services.store, seenAs, balance.ref)) return { started: false };
  await ensureContact(services, balance.patientRef);
  const { started } = await services.engine.start(wf.paymentReminder, { balanceRef: balance.ref }, { key: balanceRunKey(balance.ref) });
  if (wf.automationRun) await startRecipeRuns(services, wf.automationRun, { kind: "invoice.issued", subjectRef: balance.ref }, { recipes });
  await storeSeen(services.store, seenAs, balance.ref, { fingerprint: "unpaid", status: balance.status }, services.clock.now());
  return { started };
}
