import { parsePracticeConfig } from "../../src/config/practice.js";
import { toTriggerTask, triggerQueues } from "../../src/engine/trigger/index.js";
import { buildWorkflows } from "../index.js";
import { triggerDeps } from "./index.js";
import { workerServices } from "./worker-services.js";

/**
 * Each workflow bound once as a Trigger.dev task (sync as a scheduled task); Trigger.dev indexes
 * these exports. The concurrency limits are declared with the config's defaults: the main job sets
 * them to the practice's own values at each start (applyTriggerSettings), as it attaches the sync
 * schedule at `sync.intervalMinutes`.
 */
const workflows = buildWorkflows(workerServices);
const queues = triggerQueues(parsePracticeConfig({}).queues);

export const syncTask = toTriggerTask(workflows.sync, triggerDeps, { queue: queues.ehrReads });
export const waitlistFillTask = toTriggerTask(workflows.waitlistFill, triggerDeps, { queue: queues.ehrReads });
export const appointmentReminderTask = toTriggerTask(workflows.appointmentReminder, triggerDeps, { queue: queues.sends });
export const waitlistOfferTask = toTriggerTask(workflows.waitlistOffer, triggerDeps, { queue: queues.sends });
export const paymentReminderTask = toTriggerTask(workflows.paymentReminder, triggerDeps, { queue: queues.sends });
export const staffReplyTask = toTriggerTask(workflows.staffReply, triggerDeps, { queue: queues.sends });
export const automationRunTask = toTriggerTask(workflows.automationRun, triggerDeps, { queue: queues.sends });
