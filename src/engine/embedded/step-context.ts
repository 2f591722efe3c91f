import type { Kysely } from "kysely";
import type { Tables } from "../../store/tables.js";
import type { StartOptions, StartResult, Step, WorkflowDefinition } from "../port.js";
import { consumeSignal, recordStep } from "./journal-store.js";
import { fromJson, toJson } from "./journal-values.js";
import type { Clock } from "./types.js";

/** Why an execution stopped before the run function returned. */
export type Suspension =
  | { kind: "sleep"; wakeAt: number }
  | { kind: "wait"; wakeAt: number; key: string }
  | { kind: "release" };

export interface StepDeps {
  db: Kysely<Tables>;
  clock: Clock;
  runId: string;
  journal: Map<string, string | null>;
  startRun<I>(workflow: WorkflowDefinition<I>, input: I, opts: StartOptions): Promise<StartResult>;
  isStopping(): boolean;
}

export interface StepContext {
  step: Step;
  /** Resolves when a step suspends the run; the run function then never continues. */
  suspended: Promise<Suspension>;
  /** Waits for steps still writing to the journal; rejects if one of those writes failed. */
  settle(): Promise<void>;
}

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

function validInstant(at: Date, what: string): number {
  const ms = at instanceof Date ? at.getTime() : NaN;
  if (Number.isNaN(ms)) throw new Error(`${what} needs a valid Date.`);
  return ms;
}

/**
 * The replay-model `step`: each call is looked up in the run's journal by a deterministic key;
 * a hit returns the recorded outcome, a miss does the work and records it. Suspending returns a
 * promise that never settles, so workflow code cannot catch it and carry on.
 */
export function createStepContext(deps: StepDeps): StepContext {
  const { db, clock, runId, journal } = deps;
  const used = new Set<string>();
  const inFlight = new Set<Promise<unknown>>();
  let suspendedWith: Suspension | undefined;
  let resolveSuspended: (s: Suspension) => void = () => undefined;
  const suspended = new Promise<Suspension>((resolve) => (resolveSuspended = resolve));
  let nowCount = 0;

  function claimKey(key: string): void {
    if (used.has(key)) throw new Error(`Step "${key}" is used twice in run ${runId}: give every step in a workflow a unique name.`);
    used.add(key);
  }

  function suspend<T>(s: Suspension): Promise<T> {
    if (!suspendedWith) {
      suspendedWith = s;
      resolveSuspended(s);
    }
    return never<T>();
  }

  function track<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    const forget = () => inFlight.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Journal writes wait for earlier ones (now() writes in the background), keeping their order. */
  const pendingNowWrites = new Set<Promise<unknown>>();
  async function record(key: string, text: string | null): Promise<string | null> {
    await Promise.all([...pendingNowWrites]);
    const stored = await recordStep(db, runId, key, text, clock.now().getTime());
    journal.set(key, stored);
    return stored;
  }

  const step: Step = {
    runId,

    run<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
      const key = `run:${name}`;
      claimKey(key);
      if (journal.has(key)) return Promise.resolve(fromJson(journal.get(key) ?? null) as T);
      if (suspendedWith) return never<T>();
      if (deps.isStopping()) return suspend<T>({ kind: "release" });
      return track(
        (async () => {
          const value = await fn();
          const stored = await record(key, toJson(value, `Step "${name}"`));
          return fromJson(stored) as T;
        })(),
      );
    },

    async sleepUntil(name: string, at: Date): Promise<void> {
      const key = `sleep:${name}`;
      claimKey(key);
      const wakeAt = validInstant(at, `sleepUntil("${name}")`);
      if (journal.has(key)) return;
      if (suspendedWith) return never();
      if (wakeAt > clock.now().getTime()) return suspend({ kind: "sleep", wakeAt });
      await track(record(key, null));
    },

    async waitForSignal<T = unknown>(name: string, opts: { key: string; until: Date }): Promise<T | null> {
      const key = `wait:${name}`;
      claimKey(key);
      const until = validInstant(opts.until, `waitForSignal("${name}")`);
      if (!opts.key) throw new Error(`waitForSignal("${name}") needs a non-empty signal key.`);
      const outcomeOf = (text: string | null | undefined) => ((fromJson(text ?? null) as { payload: T } | undefined)?.payload ?? null);
      if (journal.has(key)) return outcomeOf(journal.get(key));
      if (suspendedWith) return never();
      const consumed = await track(consumeSignal(db, runId, key, opts.key, clock.now().getTime()));
      if (consumed !== undefined) {
        journal.set(key, consumed);
        return outcomeOf(consumed);
      }
      if (until > clock.now().getTime()) return suspend({ kind: "wait", wakeAt: until, key: opts.key });
      await track(record(key, "null"));
      return null;
    },

    async start<I>(workflow: WorkflowDefinition<I>, input: I, opts: StartOptions): Promise<StartResult> {
      const key = `start:${workflow.id}:${opts.key}`;
      claimKey(key);
      if (journal.has(key)) return fromJson(journal.get(key) ?? null) as StartResult;
      if (suspendedWith) return never();
      const result = await track(deps.startRun(workflow, input, opts));
      const stored = await track(record(key, toJson(result, "step.start")));
      return fromJson(stored) as StartResult;
    },

    now(): Date {
      const key = `now:${++nowCount}`;
      claimKey(key);
      const recorded = journal.get(key);
      if (recorded !== undefined && recorded !== null) return new Date(fromJson(recorded) as number);
      const now = clock.now().getTime();
      journal.set(key, String(now));
      // now() is synchronous in the port, so its journal write runs in the background; later
      // writes wait for it and the executor settles it before finishing the run.
      const write = recordStep(db, runId, key, String(now), now);
      write.catch(() => undefined);
      pendingNowWrites.add(write);
      track(write);
      return new Date(now);
    },
  };

  return {
    step,
    suspended,
    async settle() {
      await Promise.allSettled([...inFlight]);
      await Promise.all([...pendingNowWrites]);
    },
  };
}
