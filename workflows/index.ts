import type { WorkflowDefinition } from "../src/engine/port.js";
import { createAppointmentReminder } from "./appointment-reminder.js";
import { createAutomationRun } from "./automation-run.js";
import { createPaymentReminder } from "./payment-reminder.js";
import type { GetServices } from "./services-getter.js";
import { createStaffReply } from "./staff-reply.js";
import { createSync } from "./sync.js";
import { createWaitlistFill } from "./waitlist-fill.js";
import { createWaitlistOffer } from "./waitlist-offer.js";

export type { GetServices } from "./services-getter.js";
export type { SyncSummary } from "./sync.js";

/**
 * minnow's workflows, engine-neutral. An engine registers every value (`Object.values`): the four
 * jobs plus `waitlist-offer`, the per-patient offer that `waitlist-fill` starts for each candidate,
 * `staff-reply`, which the console starts for each answer written in the inbox, and
 * `automation-run`, the one workflow that runs every automation recipe.
 */
export type MinnowWorkflows = {
  sync: ReturnType<typeof createSync>;
  appointmentReminder: ReturnType<typeof createAppointmentReminder>;
  waitlistFill: ReturnType<typeof createWaitlistFill>;
  waitlistOffer: ReturnType<typeof createWaitlistOffer>;
  paymentReminder: ReturnType<typeof createPaymentReminder>;
  staffReply: ReturnType<typeof createStaffReply>;
  automationRun: ReturnType<typeof createAutomationRun>;
};

export interface BuildOptions {
  /** The sync cron's interval (config `sync.intervalMinutes`); fixed when the engine is built. */
  syncIntervalMinutes?: number;
}

export function buildWorkflows(getServices: GetServices, opts: BuildOptions = {}): MinnowWorkflows {
  const waitlistOffer = createWaitlistOffer(getServices);
  const waitlistFill = createWaitlistFill(getServices, { waitlistOffer });
  const appointmentReminder = createAppointmentReminder(getServices, { waitlistFill });
  const paymentReminder = createPaymentReminder(getServices);
  const automationRun = createAutomationRun(getServices);
  const sync = createSync(getServices, { appointmentReminder, waitlistFill, paymentReminder, automationRun }, { intervalMinutes: opts.syncIntervalMinutes });
  const staffReply = createStaffReply(getServices);
  return { sync, appointmentReminder, waitlistFill, waitlistOffer, paymentReminder, staffReply, automationRun };
}

/** The definitions as an engine registers them. */
export function workflowList(workflows: MinnowWorkflows): WorkflowDefinition<unknown>[] {
  return Object.values(workflows) as WorkflowDefinition<unknown>[];
}
