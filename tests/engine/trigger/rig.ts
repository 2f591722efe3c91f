import type { AnyTask } from "@trigger.dev/sdk";
import type { Clock } from "../../../src/engine/embedded/types.js";
import type { Engine, WorkflowDefinition } from "../../../src/engine/port.js";
import { parsePracticeConfig } from "../../../src/config/practice.js";
import { createTriggerEngine } from "../../../src/engine/trigger/engine.js";
import { triggerQueues } from "../../../src/engine/trigger/queues.js";
import { attachTriggerSchedules } from "../../../src/engine/trigger/settings.js";
import { toTriggerTask } from "../../../src/engine/trigger/to-trigger-task.js";
import type { Store } from "../../../src/store/db.js";
import { FakeTriggerPlatform } from "./fake-platform.js";
import { ensureTriggerTables } from "./trigger-tables.js";

export interface TriggerRig {
  platform: FakeTriggerPlatform;
  engine: Engine;
  tasks: AnyTask[];
  close(): void;
}

/** Tests bind every task to the sends queue with the default limits: the fake platform does not enforce them. */
export const testBinding = () => ({ queue: triggerQueues(parsePracticeConfig({}).queues).sends });

/**
 * The adapter wired to a fake platform: workflows bound as tasks, cron schedules attached as the
 * main job attaches them, and the engine the server would use.
 */
export async function openTriggerRig(store: Store, clock: Clock, workflows: WorkflowDefinition<unknown>[]): Promise<TriggerRig> {
  await ensureTriggerTables(store);
  const platform = new FakeTriggerPlatform(clock);
  const tasks = workflows.map((wf) => toTriggerTask(wf, { store: () => store, clock }, testBinding()));
  await attachTriggerSchedules(workflows, "test");
  const engine = createTriggerEngine({ store, clock });
  return { platform, engine, tasks, close: () => platform.close() };
}
