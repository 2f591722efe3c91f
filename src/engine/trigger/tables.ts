import type { Kysely } from "kysely";
import type { Store } from "../../store/db.js";
import type { Tables } from "../../store/tables.js";

/**
 * The Trigger.dev adapter's tables (migration 003-trigger-tokens), as Kysely sees them. Type
 * aliases, not interfaces, because `withTables` needs types with an implicit index signature.
 */

export type TriggerTokensTable = {
  signal_key: string;
  /** The waitpoint token a run is waiting on for this key. */
  token_id: string;
  run_id: string;
  created_at: number;
};

export type TriggerSignalsTable = {
  signal_key: string;
  /** JSON text; null for an undefined payload. */
  payload: string | null;
  received_at: number;
  consumed_by: string | null;
};

export type TriggerTables = {
  trigger_tokens: TriggerTokensTable;
  trigger_signals: TriggerSignalsTable;
};

export type TriggerDb = Kysely<Tables & TriggerTables>;

/** The store's database, seen with the adapter's tables too. */
export function triggerDb(store: Pick<Store, "db">): TriggerDb {
  return store.db.withTables<TriggerTables>();
}
