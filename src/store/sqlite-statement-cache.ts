/**
 * Preparing every query afresh (as Kysely's own SQLite driver does) measured as a third of the
 * store's time in a reminder fan-out, so the store's driver (sqlite-group-commit.ts) keeps
 * prepared statements by SQL text. A statement still being iterated (a streamed query) is busy,
 * so such a call gets a fresh one.
 */
import type BetterSqlite3 from "better-sqlite3";

/** Distinct SQL texts kept; IN lists of varying length make new texts, so the map is bounded. */
const MAX_STATEMENTS = 1_000;

export interface StatementCache {
  prepare(sql: string): BetterSqlite3.Statement;
}

export function withStatementCache(database: BetterSqlite3.Database): StatementCache {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sql: string) {
      const cached = statements.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = database.prepare(sql);
      if (!cached) {
        if (statements.size >= MAX_STATEMENTS) statements.clear();
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
