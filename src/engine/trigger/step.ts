import { wait } from "@trigger.dev/sdk";
import type { Store } from "../../store/db.js";
import { fromJson, toJson } from "../embedded/journal-values.js";
import type { Clock } from "../embedded/types.js";
import type { StartOptions, StartResult, Step, WorkflowDefinition } from "../port.js";
import { forgetToken, rememberToken, signalTakenBy, takeBufferedSignal } from "./signal-store.js";
import { triggerWorkflow } from "./start.js";
import { triggerDb } from "./tables.js";

export interface TriggerStepDeps {
  store: Pick<Store, "db">;
  clock: Clock;
  /** The Trigger.dev run id (ctx.run.id); it scopes the run's waitpoint idempotency keys. */
  runId: string;
}

function validInstant(at: Date, what: string): number {
  const ms = at instanceof Date ? at.getTime() : NaN;
  if (Number.isNaN(ms)) throw new Error(`${what} needs a valid Date.`);
  return ms;
}

const payloadOf = <T>(row: { payload: string | null }): T | null => (fromJson(row.payload) ?? null) as T | null;

/**
 * The port's `step` inside a Trigger.dev task. Trigger.dev checkpoints a waiting run rather
 * than replaying it, so within an attempt every step runs once in place; a retry replays the
 * whole attempt, which is why effects go through `withEffect` keys and waits through
 * idempotent waitpoints. Results are JSON round-tripped, as on the embedded engine, so
 * workflow code sees the same values on both.
 */
export function createTriggerStep(deps: TriggerStepDeps): Step {
  const { clock, runId } = deps;
  const db = triggerDb(deps.store);
  const used = new Set<string>();

  function claimKey(key: string): void {
    if (used.has(key)) throw new Error(`Step "${key}" is used twice in run ${runId}: give every step in a workflow a unique name.`);
    used.add(key);
  }

  async function waitOnToken<T>(key: string, until: Date, consumer: string): Promise<T | null> {
    const token = await wait.createToken({ idempotencyKey: consumer, timeout: until });
    await rememberToken(db, key, { tokenId: token.id, runId }, clock.now().getTime());
    // A signal buffered between our first look and the token being stored is ours to take.
    const late = await takeBufferedSignal(db, key, consumer);
    if (late) {
      await forgetToken(db, key, token.id);
      return payloadOf<T>(late);
    }
    const result = await wait.forToken<T>(token.id);
    await forgetToken(db, key, token.id);
    if (!result.ok) return null;
    return (result.output ?? null) as T | null;
  }

  return {
    runId,

    async run<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
      claimKey(`run:${name}`);
      const value = await fn();
      return fromJson(toJson(value, `Step "${name}"`)) as T;
    },

    async sleepUntil(name: string, at: Date): Promise<void> {
      claimKey(`sleep:${name}`);
      const wakeAt = validInstant(at, `sleepUntil("${name}")`);
      if (wakeAt <= clock.now().getTime()) return;
      await wait.until({ date: new Date(wakeAt), idempotencyKey: `${runId}:sleep:${name}` });
    },

    async waitForSignal<T = unknown>(name: string, opts: { key: string; until: Date }): Promise<T | null> {
      claimKey(`wait:${name}`);
      const until = validInstant(opts.until, `waitForSignal("${name}")`);
      if (!opts.key) throw new Error(`waitForSignal("${name}") needs a non-empty signal key.`);
      const consumer = `${runId}:wait:${name}`;
      // An earlier attempt of this run may have taken the signal already.
      const taken = (await signalTakenBy(db, opts.key, consumer)) ?? (await takeBufferedSignal(db, opts.key, consumer));
      if (taken) return payloadOf<T>(taken);
      if (until <= clock.now().getTime()) return null;
      return waitOnToken<T>(opts.key, new Date(until), consumer);
    },

    async start<I>(workflow: WorkflowDefinition<I>, input: I, opts: StartOptions): Promise<StartResult> {
      claimKey(`start:${workflow.id}:${opts.key}`);
      return triggerWorkflow(workflow, input, opts);
    },

    // Not recorded: a retry of the attempt sees a later time, where the embedded engine replays
    // the recorded one. Workflows derive deadlines from it, never effect keys.
    now(): Date {
      return clock.now();
    },
  };
}
