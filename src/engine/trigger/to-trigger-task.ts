import { schedules, schemaTask, type AnyTask } from "@trigger.dev/sdk";
import type { TaskRunContext } from "@trigger.dev/core/v3";
import type { Store } from "../../store/db.js";
import type { Clock } from "../embedded/types.js";
import type { WorkflowDefinition } from "../port.js";
import type { TriggerQueue } from "./queues.js";
import { toTriggerRetry } from "./retry.js";
import { createTriggerStep } from "./step.js";

export interface TriggerDeps {
  /** The store holding effect keys and signal tokens; called once per attempt (open it lazily). */
  store(): Pick<Store, "db"> | Promise<Pick<Store, "db">>;
  clock?: Clock;
}

const systemClock: Clock = { now: () => new Date() };

export interface TriggerBinding {
  /** The queue the task's runs wait in, and the concurrency limits they hold (queues.ts). */
  queue: TriggerQueue;
}

/**
 * A workflow as a Trigger.dev task: a `schemaTask` validating the references-only input, or,
 * for a cron workflow, a `schedules.task` that runs it with an empty input on every tick.
 * A cron workflow's schedule is attached at run time (schedules.ts), so it follows the config.
 * Export the result from a file under `workflows/trigger/` so Trigger.dev indexes it.
 */
export function toTriggerTask<I>(workflow: WorkflowDefinition<I>, deps: TriggerDeps, binding: TriggerBinding): AnyTask {
  const clock = deps.clock ?? systemClock;
  const retry = toTriggerRetry(workflow.retry);
  const queue = { name: binding.queue.name };
  const concurrency = binding.queue.concurrency;

  async function execute(input: I, ctx: TaskRunContext): Promise<unknown> {
    const store = await deps.store();
    return workflow.run(input, createTriggerStep({ store, clock, runId: ctx.run.id }));
  }

  if (workflow.schedule) {
    const emptyInput = workflow.input.safeParse({});
    if (!emptyInput.success) {
      throw new Error(`Cron workflow "${workflow.id}" is started with an empty input, but its input schema rejects {}: make its fields optional.`);
    }
    return schedules.task({ id: workflow.id, queue, concurrency, retry, run: (_tick, { ctx }) => execute(emptyInput.data, ctx) });
  }

  return schemaTask({
    id: workflow.id,
    schema: workflow.input,
    queue,
    concurrency,
    retry,
    run: (input, { ctx }) => execute(input, ctx),
  });
}
