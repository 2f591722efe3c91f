/**
 * The embedded engine's journal, as Kysely sees it. Portable across SQLite and Postgres:
 * instants are epoch milliseconds (bigint), JSON is stored as text.
 */

export type RunStatus = "pending" | "running" | "sleeping" | "waiting" | "completed" | "failed";
export type EffectStatus = "pending" | "done" | "failed";

export interface WorkflowRunsTable {
  id: string;
  workflow_id: string;
  run_key: string;
  /** JSON text of the validated input (references only). */
  input: string;
  status: RunStatus;
  /** Failed executions so far; suspensions and crashes do not count. */
  attempts: number;
  /** When a pending, sleeping or waiting run becomes runnable; null otherwise. */
  wake_at: number | null;
  /** Real-time expiry of the claim of a running run; after a crash another worker takes it over. */
  lease_until: number | null;
  /** The claim token; only the holder may finish or suspend the run. */
  lease_owner: string | null;
  /** The signal key a waiting run listens for. */
  wait_key: string | null;
  error: string | null;
  output: string | null;
  created_at: number;
  updated_at: number;
}

export interface RunStepsTable {
  run_id: string;
  /** Journal key: kind prefix plus the step name, e.g. "run:send-reminder". */
  name: string;
  /** JSON text of the step's result; null for undefined. */
  result: string | null;
  created_at: number;
}

export interface SignalsTable {
  key: string;
  payload: string | null;
  received_at: number;
  consumed_by_run: string | null;
}

export interface EffectsTable {
  key: string;
  status: EffectStatus;
  result: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
}

export interface ScheduleTicksTable {
  workflow_id: string;
  tick_at: number;
  run_id: string;
}

export interface JournalTables {
  workflow_runs: WorkflowRunsTable;
  run_steps: RunStepsTable;
  signals: SignalsTable;
  effects: EffectsTable;
  schedule_ticks: ScheduleTicksTable;
}
