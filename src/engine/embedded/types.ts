import type { RunStatus } from "../journal-tables.js";
import type { Engine, EngineHealth, RetryPolicy, WorkflowDefinition } from "../port.js";
import type { Store } from "../../store/db.js";

export type { RunStatus };

export interface Clock {
  now(): Date;
}

export interface EmbeddedEngineOptions {
  store: Store;
  workflows: WorkflowDefinition<unknown>[];
  /** Runs executing at once (default 8). */
  concurrency?: number;
  /** Decides when sleeps, waits, retries and cron ticks are due. Leases always use real time. */
  clock?: Clock;
  /** How often the background worker looks for due runs when nothing woke it (default 500 ms). */
  pollIntervalMs?: number;
  /** Engine-wide retry policy; a workflow's own `retry` overrides it field by field. */
  retry?: Partial<RetryPolicy>;
  /** How long a claim on a running run lasts without a heartbeat before another worker may take it (default 30 s). */
  leaseMs?: number;
}

export interface RunSummary {
  id: string;
  workflowId: string;
  key: string;
  status: RunStatus;
  attempts: number;
  error?: string;
  output?: unknown;
  wakeAt?: Date;
}

export interface RunFilter {
  status?: RunStatus;
  workflowId?: string;
}

export interface EmbeddedEngine extends Engine {
  health(): Promise<EngineHealth>;
  /** Starts the background loop: claims due runs, renews leases, ticks cron schedules. */
  startWorker(): void;
  /** Stops claiming; in-flight steps finish, then their runs are released for the next start. */
  stop(): Promise<void>;
  /** Runs everything runnable at clock.now() until idle (tests and CLI). Throws after maxMs (default 30 s). */
  drain(opts?: { maxMs?: number }): Promise<void>;
  getRun(runId: string): Promise<RunSummary | undefined>;
  listRuns(filter?: RunFilter): Promise<RunSummary[]>;
  /** Starts the latest due run of each cron workflow at `at`, once per workflow and tick; returns how many started. */
  tickSchedules(at: Date): Promise<number>;
}
