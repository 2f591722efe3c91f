import type { Kysely } from "kysely";
import type { Tables } from "../../store/tables.js";
import { nextFireAfter, parseCron, previousFireAtOrBefore, type CronSchedule } from "../cron.js";
import type { StartOptions, StartResult, WorkflowDefinition } from "../port.js";

interface Scheduled {
  workflow: WorkflowDefinition<unknown>;
  cron: CronSchedule;
}

export interface ScheduleTicker {
  /** Starts the latest tick at or before `at` for each cron workflow, once; returns how many runs started. */
  tick(at: Date): Promise<number>;
  /** The next instant after `after` at which some schedule fires, or Infinity when none is declared. */
  nextDueAfter(after: Date): number;
}

/** Refuses, at engine creation, a cron workflow that could never be started. */
function parseSchedule(workflow: WorkflowDefinition<unknown>): Scheduled | undefined {
  if (!workflow.schedule) return undefined;
  const cron = parseCron(workflow.schedule.cron, workflow.schedule.timeZone);
  if (!workflow.input.safeParse({}).success) {
    throw new Error(`Cron workflow "${workflow.id}" is started with an empty input, but its input schema rejects {}: make its fields optional.`);
  }
  return { workflow, cron };
}

/**
 * Cron ticks. A missed tick is caught up once (only the latest), and the run key is the tick's
 * instant, so however many workers or restarts call `tick`, each tick starts one run.
 */
export function createScheduleTicker(
  db: Kysely<Tables>,
  workflows: Iterable<WorkflowDefinition<unknown>>,
  startRun: (workflow: WorkflowDefinition<unknown>, input: unknown, opts: StartOptions) => Promise<StartResult>,
): ScheduleTicker {
  const scheduled = [...workflows].map(parseSchedule).filter((s): s is Scheduled => s !== undefined);
  return {
    async tick(at) {
      let started = 0;
      for (const { workflow, cron } of scheduled) {
        const tickAt = previousFireAtOrBefore(cron, at);
        // Start first, then record the tick: a crash in between re-runs the idempotent start.
        const result = await startRun(workflow, {}, { key: `cron:${tickAt.toISOString()}` });
        if (result.started) started++;
        await db
          .insertInto("schedule_ticks")
          .values({ workflow_id: workflow.id, tick_at: tickAt.getTime(), run_id: result.runId })
          .onConflict((oc) => oc.columns(["workflow_id", "tick_at"]).doNothing())
          .execute();
      }
      return started;
    },
    nextDueAfter(after) {
      return Math.min(Infinity, ...scheduled.map((s) => nextFireAfter(s.cron, after).getTime()));
    },
  };
}
