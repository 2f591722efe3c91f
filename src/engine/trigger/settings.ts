import { concurrencyLimits, schedules } from "@trigger.dev/sdk";
import type { PracticeConfig } from "../../config/practice.js";
import { log } from "../../log.js";
import type { WorkflowDefinition } from "../port.js";
import { TRIGGER_LIMIT_NAMES } from "./queues.js";

/**
 * The practice config's say over Trigger.dev, applied from the main job at each start (and again
 * whenever the config changes): each cron workflow's schedule, and the concurrency limits' totals.
 * Both calls are idempotent. A schedule declared in code would be fixed at deploy time; attached
 * here, it follows `sync.intervalMinutes`. An override of a limit survives later deploys.
 */

/** "dev", "prod", "stg", … from a secret key (tr_<env>_…): schedule keys are per project, not per environment. */
export function triggerEnvironmentOf(secretKey: string): string {
  return /^tr_([a-z]+)_/.exec(secretKey)?.[1] ?? "default";
}

export function scheduleKey(environment: string, workflowId: string): string {
  return `minnow:${environment}:${workflowId}`;
}

export async function attachTriggerSchedules(workflows: Iterable<WorkflowDefinition<unknown>>, environment: string): Promise<number> {
  let attached = 0;
  for (const wf of workflows) {
    if (!wf.schedule) continue;
    const timezone = wf.schedule.timeZone ?? "UTC";
    await schedules.create({ task: wf.id, cron: wf.schedule.cron, timezone, deduplicationKey: scheduleKey(environment, wf.id) });
    log.info("engine.trigger.schedule_attached", { workflowId: wf.id, cron: wf.schedule.cron, timezone });
    attached += 1;
  }
  return attached;
}

export async function applyTriggerLimits(limits: PracticeConfig["queues"]): Promise<void> {
  for (const [key, name] of Object.entries(TRIGGER_LIMIT_NAMES) as Array<[keyof typeof TRIGGER_LIMIT_NAMES, string]>) {
    await concurrencyLimits.override(name, { total: limits[key] });
    log.info("engine.trigger.limit_set", { limit: name, total: limits[key] });
  }
}

export async function applyTriggerSettings(opts: { workflows: Iterable<WorkflowDefinition<unknown>>; config: PracticeConfig; secretKey: string }): Promise<void> {
  try {
    await attachTriggerSchedules(opts.workflows, triggerEnvironmentOf(opts.secretKey));
    await applyTriggerLimits(opts.config.queues);
  } catch (cause) {
    throw new Error("Could not apply the sync schedule and concurrency limits on Trigger.dev; check TRIGGER_SECRET_KEY and TRIGGER_API_URL, then restart.", { cause });
  }
}
