import { vi } from "vitest";
import { createTriggerEngine } from "../../../src/engine/trigger/engine.js";
import { attachTriggerSchedules } from "../../../src/engine/trigger/settings.js";
import { toTriggerTask } from "../../../src/engine/trigger/to-trigger-task.js";
import { workflowList } from "../../../workflows/index.js";
import { BASE, openPractice, type PracticeScenario } from "../../workflows/helpers/scenario.js";
import { FakeTriggerPlatform } from "../trigger/fake-platform.js";
import { testBinding } from "../trigger/rig.js";

/** A scenario whose workflows run on the Trigger.dev adapter, against the fake platform. */
export interface TriggerScenario extends PracticeScenario {
  platform: FakeTriggerPlatform;
}

/**
 * The real workflows as Trigger.dev tasks: the same practice as `openScenario` (sandbox EHR, test
 * store, SMS outbox), with the adapter's engine and the fake platform behind the real SDK. The
 * SDK measures waits against `Date`, so `Date` follows the scenario's clock, as the real clock
 * and the engine's agree in production.
 */
export async function openTriggerScenario(config: Record<string, unknown> = {}): Promise<TriggerScenario> {
  vi.useFakeTimers({ toFake: ["Date"], now: BASE });
  const practice = await openPractice(config);
  const { base, workflows, services } = practice;
  const platform = new FakeTriggerPlatform(base.clock);
  for (const wf of workflowList(workflows)) toTriggerTask(wf, { store: () => base.store, clock: base.clock }, testBinding());
  await attachTriggerSchedules(workflowList(workflows), "test");
  const engine = createTriggerEngine({ store: base.store, clock: base.clock });
  services.engine = engine;
  let syncs = 0;
  return {
    services,
    ehr: practice.ehr,
    fhir: practice.fhir,
    sms: base.sms,
    workflows,
    logs: practice.logs,
    platform,
    setNow(at) {
      base.setNow(at);
      vi.setSystemTime(at);
    },
    drain: () => platform.settle(),
    async sync() {
      await engine.start(workflows.sync, {}, { key: `test-sync:${++syncs}` });
      await platform.settle();
    },
    async dispose() {
      platform.close();
      await practice.dispose();
      vi.useRealTimers();
    },
  };
}
