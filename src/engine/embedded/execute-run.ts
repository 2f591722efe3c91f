import type { Kysely } from "kysely";
import { errorKind, log } from "../../log.js";
import { recordEngineExecution } from "../../metrics/registry.js";
import type { Tables } from "../../store/tables.js";
import { retryDelayMs, type RetryPolicy, type StartOptions, type StartResult, type WorkflowDefinition } from "../port.js";
import { loadSteps } from "./journal-store.js";
import { describeError, toJson } from "./journal-values.js";
import { releaseClaim, type ClaimedRun } from "./run-store.js";
import { createStepContext, type Suspension } from "./step-context.js";
import type { Clock } from "./types.js";

export interface ExecuteDeps {
  db: Kysely<Tables>;
  clock: Clock;
  workflows: ReadonlyMap<string, WorkflowDefinition<unknown>>;
  retryFor(workflow: WorkflowDefinition<unknown>): RetryPolicy;
  startRun<I>(workflow: WorkflowDefinition<I>, input: I, opts: StartOptions): Promise<StartResult>;
  isStopping(): boolean;
}

type Outcome = { kind: "completed"; output: unknown } | { kind: "error"; error: unknown } | Suspension;

async function runToOutcome(deps: ExecuteDeps, run: ClaimedRun, workflow: WorkflowDefinition<unknown>): Promise<Outcome> {
  const journal = await loadSteps(deps.db, run.id);
  const ctx = createStepContext({ db: deps.db, clock: deps.clock, runId: run.id, journal, startRun: deps.startRun, isStopping: deps.isStopping });
  const finished = (async (): Promise<Outcome> => {
    try {
      return { kind: "completed", output: await workflow.run(JSON.parse(run.input) as unknown, ctx.step) };
    } catch (error) {
      return { kind: "error", error };
    }
  })();
  const outcome = await Promise.race([finished, ctx.suspended]);
  try {
    await ctx.settle();
  } catch (error) {
    return { kind: "error", error };
  }
  return outcome;
}

async function finishWithError(deps: ExecuteDeps, run: ClaimedRun, workflow: WorkflowDefinition<unknown>, error: unknown, now: number): Promise<boolean> {
  const policy = deps.retryFor(workflow);
  const attempts = run.attempts + 1;
  const fields = { runId: run.id, workflowId: run.workflowId, attempt: attempts, errorKind: errorKind(error) };
  if (attempts >= policy.maxAttempts) {
    log.error("engine.run.failed", fields);
    return releaseClaim(deps.db, run, { status: "failed", attempts, error: describeError(error), wake_at: null, wait_key: null, updated_at: now });
  }
  const delayMs = retryDelayMs(policy, attempts);
  log.warn("engine.run.retry_scheduled", { ...fields, delayMs });
  return releaseClaim(deps.db, run, { status: "pending", attempts, error: describeError(error), wake_at: now + delayMs, wait_key: null, updated_at: now });
}

async function finish(deps: ExecuteDeps, run: ClaimedRun, workflow: WorkflowDefinition<unknown>, outcome: Outcome): Promise<boolean> {
  const now = deps.clock.now().getTime();
  recordEngineExecution(run.workflowId, outcome.kind === "sleep" || outcome.kind === "wait" ? "suspended" : outcome.kind === "release" ? "released" : outcome.kind);
  switch (outcome.kind) {
    case "completed": {
      let output: string | null;
      try {
        output = toJson(outcome.output, `Workflow "${run.workflowId}"`);
      } catch (error) {
        return finishWithError(deps, run, workflow, error, now);
      }
      log.debug("engine.run.completed", { runId: run.id, workflowId: run.workflowId });
      return releaseClaim(deps.db, run, { status: "completed", output, wake_at: null, wait_key: null, updated_at: now });
    }
    case "error":
      return finishWithError(deps, run, workflow, outcome.error, now);
    case "sleep":
      return releaseClaim(deps.db, run, { status: "sleeping", wake_at: outcome.wakeAt, wait_key: null, updated_at: now });
    case "wait":
      return releaseClaim(deps.db, run, { status: "waiting", wake_at: outcome.wakeAt, wait_key: outcome.key, updated_at: now });
    case "release":
      return releaseClaim(deps.db, run, { status: "pending", wake_at: now, wait_key: null, updated_at: now });
  }
}

/**
 * Executes one claimed run from the top (replaying its journal) until it completes, fails,
 * suspends or is released, then records that under the claim. Never throws: a store failure
 * leaves the claim to expire, and the run is picked up again.
 */
export async function executeRun(deps: ExecuteDeps, run: ClaimedRun): Promise<void> {
  const workflow = deps.workflows.get(run.workflowId);
  try {
    if (!workflow) throw new Error(`Run ${run.id} belongs to workflow "${run.workflowId}", which this engine does not know.`);
    const outcome = await runToOutcome(deps, run, workflow);
    const kept = await finish(deps, run, workflow, outcome);
    if (!kept) log.warn("engine.run.claim_lost", { runId: run.id, workflowId: run.workflowId });
  } catch (error) {
    log.error("engine.run.store_failed", { runId: run.id, workflowId: run.workflowId, errorKind: errorKind(error) });
  }
}
