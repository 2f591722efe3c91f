import { existsSync } from "node:fs";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, type Migration } from "kysely";
import pg from "pg";
import { errorKind, log } from "../log.js";
import type { AuditSeal } from "./audit-seal.js";
import { migrations } from "./migrations/index.js";
import { runPreparedWith } from "./prepared-query.js";
import { createPrivateFile, ensurePrivateDir, makeFilesPrivate } from "./private-files.js";
import { startCheckpointer } from "./sqlite-checkpointer.js";
import { GroupCommitSqliteDialect } from "./sqlite-group-commit.js";
import { withStatementCache } from "./sqlite-statement-cache.js";
import type { Tables } from "./tables.js";

export type DialectName = "sqlite" | "postgres";

/** The embedded database's file in DATA_DIR. */
export const SQLITE_FILE = "minnow.sqlite";

/** Where the database lives, as the user configured it (never a password), for error messages. */
export interface StoreLocation {
  variable: "DATA_DIR" | "DATABASE_URL";
  value: string;
}

export interface Store {
  db: Kysely<Tables>;
  dialect: DialectName;
  location: StoreLocation;
  /**
   * Seals audit rows and the audit head under the audit key; set by openStoreCrypto, which holds
   * the data key that protects it. Appending to or verifying the audit log needs it.
   */
  auditSeal?: AuditSeal;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Directory for the SQLite file (default dialect). */
  dataDir?: string;
  /** A postgres:// URL selects Postgres. */
  databaseUrl?: string;
  /** SQLite file name inside dataDir; ":memory:" for a throwaway database. */
  fileName?: string;
}

function sqliteDialect(dataDir: string, fileName: string): GroupCommitSqliteDialect {
  const path = fileName === ":memory:" ? ":memory:" : join(dataDir, fileName);
  if (path !== ":memory:") {
    ensurePrivateDir(dataDir);
    // SQLite gives its -wal and -shm files the database file's mode, so 0600 here covers all three.
    if (!existsSync(path)) createPrivateFile(path);
  }
  let database: BetterSqlite3.Database;
  try {
    database = new BetterSqlite3(path);
    database.pragma("journal_mode = WAL");
    database.pragma("synchronous = NORMAL");
    database.pragma("busy_timeout = 5000");
    database.pragma("foreign_keys = ON");
  } catch (cause) {
    throw new Error(`Cannot open the SQLite database at ${path}: check DATA_DIR is writable and not full.`, { cause });
  }
  if (path !== ":memory:") makeFilesPrivate([path, `${path}-wal`, `${path}-shm`]);
  return new GroupCommitSqliteDialect(database, withStatementCache(database), path === ":memory:" ? undefined : startCheckpointer(database, path));
}

function postgresDialect(connectionString: string): PostgresDialect {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    // int8 (count(*), epoch milliseconds) as JS numbers: our values stay below 2^53.
    types: { getTypeParser: (oid: number, format?: "text" | "binary") => (oid === 20 ? Number : pg.types.getTypeParser(oid, format)) } as pg.CustomTypesConfig,
  });
  // An idle client's error (Postgres restarted, connection killed) must not crash the process:
  // the pool drops that client and the next query opens a fresh one.
  pool.on("error", (err) => log.warn("store.pool_client_error", { errorKind: errorKind(err) }));
  return new PostgresDialect({ pool });
}

export async function migrateToLatest(db: Kysely<Tables>): Promise<void> {
  const migrator = new Migrator({
    db,
    // Migrations are numbered per change, and changes land in any order: a database already at
    // 010 must still take 007 when it arrives. Each migration is independent of the later ones.
    allowUnorderedMigrations: true,
    provider: { getMigrations: async (): Promise<Record<string, Migration>> => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`Database migration ${failed?.migrationName ?? ""} failed; the database was left at the last good version.`, { cause: error });
  }
}

function locationOf(opts: OpenStoreOptions): StoreLocation {
  if (!opts.databaseUrl) return { variable: "DATA_DIR", value: opts.dataDir ?? "./data" };
  const url = new URL(opts.databaseUrl);
  return { variable: "DATABASE_URL", value: `${url.host}${url.pathname}` };
}

/** Opens the store (SQLite by default, Postgres when a URL is given) and brings its schema up to date. */
export async function openStore(opts: OpenStoreOptions = {}): Promise<Store> {
  const dialect: DialectName = opts.databaseUrl ? "postgres" : "sqlite";
  const kyselyDialect = opts.databaseUrl ? postgresDialect(opts.databaseUrl) : sqliteDialect(opts.dataDir ?? "./data", opts.fileName ?? SQLITE_FILE);
  const db = new Kysely<Tables>({ dialect: kyselyDialect });
  if (kyselyDialect instanceof GroupCommitSqliteDialect) runPreparedWith(db, (query) => kyselyDialect.runCompiled(query));
  try {
    await migrateToLatest(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return { db, dialect, location: locationOf(opts), close: () => db.destroy() };
}
