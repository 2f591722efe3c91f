import { log } from "../../log.js";
import { DEFAULT_RETRY, type RetryPolicy, type StartOptions, type StartResult, type WorkflowDefinition } from "../port.js";
import { executeRun } from "./execute-run.js";
import { storeSignal } from "./journal-store.js";
import { toJson } from "./journal-values.js";
import { findRun, findRuns, insertRun } from "./run-store.js";
import { createScheduleTicker } from "./schedules.js";
import { Scheduler } from "./scheduler.js";
import type { Clock, EmbeddedEngine, EmbeddedEngineOptions } from "./types.js";

const MAX_KEY_LENGTH = 400;
const systemClock: Clock = { now: () => new Date() };

function registry(workflows: WorkflowDefinition<unknown>[]): Map<string, WorkflowDefinition<unknown>> {
  const byId = new Map<string, WorkflowDefinition<unknown>>();
  for (const wf of workflows) {
    if (byId.has(wf.id)) throw new Error(`Two workflows share the id "${wf.id}": workflow ids must be unique.`);
    byId.set(wf.id, wf);
  }
  return byId;
}

function checkKey(key: string, what: string): void {
  if (typeof key !== "string" || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new Error(`${what} must be a non-empty string of at most ${MAX_KEY_LENGTH} characters.`);
  }
}

function positive(value: number | undefined, fallback: number, what: string): number {
  const chosen = value ?? fallback;
  if (!Number.isFinite(chosen) || chosen <= 0) throw new Error(`${what} must be a positive number (got ${String(value)}).`);
  return chosen;
}

/** The single-machine engine: a persisted journal in the store, replayed on every resume. */
export function createEmbeddedEngine(opts: EmbeddedEngineOptions): EmbeddedEngine {
  const db = opts.store.db;
  const clock = opts.clock ?? systemClock;
  const workflows = registry(opts.workflows);
  const engineRetry: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };

  async function startRun<I>(workflow: WorkflowDefinition<I>, input: I, start: StartOptions): Promise<StartResult> {
    // Looked up by id: the registered definition is the one that will run, so its schema decides.
    const registered = workflows.get(workflow.id);
    if (!registered) throw new Error(`Workflow "${workflow.id}" is not registered with this engine: add it to createEmbeddedEngine({ workflows }).`);
    checkKey(start.key, `The start key for workflow "${workflow.id}"`);
    const parsed = registered.input.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(input)"}: ${i.message}`).join("; ");
      throw new Error(`Input for workflow "${workflow.id}" is invalid (${issues}); inputs carry references only.`);
    }
    const now = clock.now().getTime();
    const wakeAt = start.at ? start.at.getTime() : now;
    if (Number.isNaN(wakeAt)) throw new Error(`The start time for workflow "${workflow.id}" is not a valid Date.`);
    const input_ = toJson(parsed.data, `Input for workflow "${workflow.id}"`) ?? "{}";
    const result = await insertRun(db, { workflowId: workflow.id, key: start.key, input: input_, wakeAt, now });
    if (result.started) {
      log.debug("engine.run.started", { runId: result.runId, workflowId: workflow.id });
      scheduler.nudge();
    }
    return result;
  }

  const scheduler: Scheduler = new Scheduler({
    db,
    clock,
    workflowIds: [...workflows.keys()],
    concurrency: Math.floor(positive(opts.concurrency, 8, "concurrency")),
    leaseMs: positive(opts.leaseMs, 30_000, "leaseMs"),
    pollIntervalMs: positive(opts.pollIntervalMs, 500, "pollIntervalMs"),
    execute: (run) =>
      executeRun(
        {
          db,
          clock,
          workflows,
          retryFor: (wf) => ({ ...engineRetry, ...wf.retry }),
          startRun,
          isStopping: () => scheduler.isStopping,
        },
        run,
      ),
    onPoll: () => tickIfDue(),
  });

  const ticker = createScheduleTicker(db, workflows.values(), startRun);
  let nextTickAt = 0;
  async function tickIfDue(): Promise<void> {
    const now = clock.now();
    if (now.getTime() < nextTickAt) return;
    await ticker.tick(now);
    nextTickAt = ticker.nextDueAfter(now);
  }

  return {
    start: startRun,
    async signal(key, payload) {
      checkKey(key, "A signal key");
      const woke = await storeSignal(db, key, toJson(payload, `The payload of signal "${key}"`), clock.now().getTime());
      if (woke) scheduler.nudge();
      return woke;
    },
    health: async () => scheduler.health(),
    startWorker: () => scheduler.start(),
    stop: () => scheduler.stop(),
    drain: (drainOpts) => scheduler.drain(drainOpts?.maxMs ?? 30_000),
    getRun: (runId) => findRun(db, runId),
    listRuns: (filter) => findRuns(db, filter),
    tickSchedules: (at) => ticker.tick(at),
  };
}
