import { toTriggerTask } from "../../src/engine/trigger/index.js";
import { buildWorkflows } from "../index.js";
import { triggerDeps } from "./index.js";
import { workerServices } from "./worker-services.js";

/** Each workflow bound once as a Trigger.dev task (sync as a scheduled task); Trigger.dev indexes these exports. */
const workflows = buildWorkflows(workerServices);

export const syncTask = toTriggerTask(workflows.sync, triggerDeps);
export const appointmentReminderTask = toTriggerTask(workflows.appointmentReminder, triggerDeps);
export const waitlistFillTask = toTriggerTask(workflows.waitlistFill, triggerDeps);
export const waitlistOfferTask = toTriggerTask(workflows.waitlistOffer, triggerDeps);
export const paymentReminderTask = toTriggerTask(workflows.paymentReminder, triggerDeps);
export const staffReplyTask = toTriggerTask(workflows.staffReply, triggerDeps);
