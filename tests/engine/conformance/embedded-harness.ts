import { createEmbeddedEngine, type RunSummary } from "../../../src/engine/embedded/index.js";
import type { EngineHarness, HarnessFactory, RunState, RunView } from "./harness.js";

const STATES: Record<RunSummary["status"], RunState> = {
  pending: "pending",
  running: "running",
  sleeping: "suspended",
  waiting: "suspended",
  completed: "completed",
  failed: "failed",
};

function view(run: RunSummary): RunView {
  return { id: run.id, state: STATES[run.status], failures: run.attempts, output: run.output, error: run.error };
}

export const embeddedFactory: HarnessFactory = {
  name: "embedded",
  async create(env, workflows): Promise<EngineHarness> {
    const engine = createEmbeddedEngine({ store: env.store, workflows, clock: env.clock });
    const settle = () => engine.drain({ maxMs: 10_000 });
    return {
      name: "embedded",
      start: (workflow, input, key, at) => engine.start(workflow, input, { key, ...(at ? { at } : {}) }),
      signal: (key, payload) => engine.signal(key, payload),
      settle,
      async advanceTo(at) {
        env.clock.set(at);
        await settle();
      },
      async tickCron(at) {
        env.clock.set(at);
        await engine.tickSchedules(at);
        await settle();
      },
      run: async (runId) => {
        const run = await engine.getRun(runId);
        return run && view(run);
      },
      runs: async (workflowId) => (await engine.listRuns({ workflowId })).map(view),
      dispose: () => engine.stop(),
    };
  },
};
