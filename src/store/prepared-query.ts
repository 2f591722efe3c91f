/**
 * A query built and compiled once per dialect, then run with new values. Kysely builds a fresh,
 * frozen tree and compiles it to SQL on every call; for the statements each reminder makes
 * (its run's journal, its effect, its audit entries) that was most of Kysely's sixth of a
 * fan-out's time.
 *
 * The build function gets stand-ins for the values, so a query's shape must not depend on them:
 * every value is one parameter (a list for `in` is not), and a value is never left out. A value
 * given as undefined is bound as null, as Kysely would leave an insert's column to its default of
 * null; never use this for an update whose undefined values Kysely would have skipped.
 */
import { createQueryId, sql, type Compilable, type CompiledQuery, type Kysely, type QueryResult, type RawBuilder } from "kysely";
import type { Tables } from "./tables.js";

type Db = Kysely<Tables>;

class Slot {
  constructor(readonly name: string) {}
}

/** Stand-ins, typed as the values they stand for. */
function slots<V>(): V {
  return new Proxy({}, { get: (_, name) => new Slot(String(name)) }) as V;
}

/** Runs a compiled query on a store's own driver, bypassing Kysely's executor (sqlite-group-commit.ts). */
export type CompiledRunner = <R>(query: CompiledQuery<R>) => Promise<QueryResult<R>>;

const runners = new WeakMap<object, CompiledRunner>();

/**
 * Prepared queries on `db` run through `runner`. Only a store's own Kysely is registered: a
 * transaction or a held connection (db.connection()) is another object, and its queries go
 * through Kysely on that transaction's or connection's hold, as before.
 */
export function runPreparedWith(db: Db, runner: CompiledRunner): void {
  runners.set(db, runner);
}

export interface PreparedQuery<V, R> {
  execute(db: Db, values: V): Promise<QueryResult<R>>;
}

export function prepared<V extends object, R>(build: (db: Db, values: V) => Compilable<R>): PreparedQuery<V, R> {
  // By adapter: every Kysely made from one store (a transaction, a held connection) shares its
  // dialect's adapter, and the SQL depends on the dialect alone.
  const compiled = new WeakMap<object, CompiledQuery<R>>();
  return {
    execute(db, values) {
      const adapter = db.getExecutor().adapter;
      let query = compiled.get(adapter);
      if (!query) {
        query = build(db, slots<V>()).compile();
        compiled.set(adapter, query);
      }
      const parameters = query.parameters.map((p) => (p instanceof Slot ? ((values as Record<string, unknown>)[p.name] ?? null) : p));
      const runner = runners.get(db);
      return runner ? runner<R>({ ...query, parameters }) : db.executeQuery<R>({ ...query, parameters, queryId: createQueryId() });
    },
  };
}

/**
 * A LIMIT written into the SQL instead of bound. better-sqlite3 builds SQLite with STAT4, under
 * which binding a LIMIT's parameter expires the statement: every run parsed and planned it again
 * (a bound `limit 1` took 5–50 µs more per call than a literal one, measured on the hot queries).
 */
export function fixedLimit(rows: number): RawBuilder<number> {
  if (!Number.isSafeInteger(rows) || rows < 0) throw new RangeError(`fixedLimit: a row count must be a whole number ≥ 0, got ${rows}`);
  return sql.lit(rows);
}
