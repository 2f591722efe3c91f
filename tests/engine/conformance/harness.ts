import type { StartResult, WorkflowDefinition } from "../../../src/engine/port.js";
import { setLogLevel } from "../../../src/log.js";
import { openTestStore, type TestStore } from "../../helpers/test-store.js";

/**
 * What a conformance scenario may do to an engine and observe of it. Both engines are driven
 * through this, so a scenario states a guarantee once and checks it on each.
 */

export type RunState = "pending" | "running" | "suspended" | "completed" | "failed";

export interface RunView {
  id: string;
  state: RunState;
  /** Executions that ended in an error. */
  failures: number;
  output?: unknown;
  error?: string;
}

export interface EngineHarness {
  readonly name: string;
  start<I>(workflow: WorkflowDefinition<I>, input: I, key: string, at?: Date): Promise<StartResult>;
  signal(key: string, payload: unknown): Promise<boolean>;
  /** Runs everything runnable at the clock's time until nothing is. */
  settle(): Promise<void>;
  /** Moves the clock forward to `at`, then settles. */
  advanceTo(at: Date): Promise<void>;
  /** A cron tick at `at`: moves the clock there, lets the scheduler fire, then settles. */
  tickCron(at: Date): Promise<void>;
  run(runId: string): Promise<RunView | undefined>;
  runs(workflowId: string): Promise<RunView[]>;
  dispose(): Promise<void>;
}

export interface HarnessFactory {
  name: string;
  create(env: ScenarioEnv, workflows: WorkflowDefinition<unknown>[]): Promise<EngineHarness>;
}

/** A clock the scenario moves by hand; it starts well after the real date, so every wait is a real wait. */
export class ManualClock {
  constructor(private ms = Date.parse("2030-01-15T12:00:00Z")) {}
  now(): Date {
    return new Date(this.ms);
  }
  set(at: Date): void {
    if (at.getTime() < this.ms) throw new Error("The scenario clock only moves forward.");
    this.ms = at.getTime();
  }
}

/** Counts how often each external effect really ran. */
export class Calls {
  private readonly counts = new Map<string, number>();
  bump(name: string): number {
    const n = (this.counts.get(name) ?? 0) + 1;
    this.counts.set(name, n);
    return n;
  }
  count(name: string): number {
    return this.counts.get(name) ?? 0;
  }
}

export interface ScenarioEnv {
  store: TestStore;
  clock: ManualClock;
  calls: Calls;
}

export const T0 = Date.parse("2030-01-15T12:00:00Z");
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const at = (offsetMs: number): Date => new Date(T0 + offsetMs);

/** Builds the scenario's workflows over a fresh store, runs it on one engine, and cleans up. */
export async function scenario<W extends Record<string, WorkflowDefinition<unknown>>>(
  factory: HarnessFactory,
  build: (env: ScenarioEnv) => W,
  body: (h: EngineHarness, workflows: W, env: ScenarioEnv) => Promise<void>,
): Promise<void> {
  const env: ScenarioEnv = { store: await openTestStore(), clock: new ManualClock(T0), calls: new Calls() };
  setLogLevel("silent"); // the failures scenarios provoke would otherwise flood the output
  try {
    const workflows = build(env);
    const harness = await factory.create(env, Object.values(workflows));
    try {
      await body(harness, workflows, env);
    } finally {
      await harness.dispose();
    }
  } finally {
    setLogLevel("info");
    await env.store.dispose();
  }
}
