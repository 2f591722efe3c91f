import type { FakeRun } from "../trigger/fake-api.js";
import { openTriggerRig } from "../trigger/rig.js";
import type { EngineHarness, HarnessFactory, RunState, RunView } from "./harness.js";

const STATES: Record<FakeRun["status"], RunState> = {
  queued: "pending",
  executing: "running",
  waiting: "suspended",
  completed: "completed",
  failed: "failed",
};

function view(run: FakeRun): RunView {
  return { id: run.id, state: STATES[run.status], failures: run.failures, output: run.output, error: run.error };
}

/** The Trigger.dev adapter, run offline: real SDK calls, a fake platform behind msw, mock task contexts. */
export const triggerFactory: HarnessFactory = {
  name: "trigger.dev",
  async create(env, workflows): Promise<EngineHarness> {
    const { platform, engine, close } = await openTriggerRig(env.store, env.clock, workflows);
    const settle = () => platform.settle();
    return {
      name: "trigger.dev",
      start: (workflow, input, key, at) => engine.start(workflow, input, { key, ...(at ? { at } : {}) }),
      signal: (key, payload) => engine.signal(key, payload),
      settle,
      async advanceTo(at) {
        env.clock.set(at);
        await settle();
      },
      async tickCron(at) {
        env.clock.set(at);
        platform.fireSchedules(at);
        await settle();
      },
      run: async (runId) => {
        const run = platform.state.runs.get(runId);
        return run && view(run);
      },
      runs: async (workflowId) => [...platform.state.runs.values()].filter((r) => r.taskId === workflowId).map(view),
      dispose: async () => close(),
    };
  },
};
