import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openStore, type DialectName, type Store } from "../../src/store/db.js";

/** Postgres is available when CI (or a developer) sets MINNOW_TEST_DATABASE_URL; CI always does. */
export const postgresUrl = process.env.MINNOW_TEST_DATABASE_URL;

/** The dialects to run a store suite against. In CI a missing Postgres is an error, not a skip. */
export function testDialects(): DialectName[] {
  if (!postgresUrl && process.env.CI) throw new Error("CI must set MINNOW_TEST_DATABASE_URL (see .ci/run).");
  return postgresUrl ? ["sqlite", "postgres"] : ["sqlite"];
}

export interface TestStore extends Store {
  dataDir: string;
  /** The throwaway database's URL (Postgres only), to open it a second time. */
  databaseUrl?: string;
  /** Closes the store and deletes its database. */
  dispose(): Promise<void>;
}

/** A fresh, empty, migrated store: a temp SQLite file, or a throwaway Postgres database. */
export async function openTestStore(dialect: DialectName = "sqlite"): Promise<TestStore> {
  const dataDir = mkdtempSync(join(tmpdir(), "minnow-test-"));
  if (dialect === "sqlite") {
    const store = await openStore({ dataDir });
    return { ...store, dataDir, dispose: async () => { await store.close(); rmSync(dataDir, { recursive: true, force: true }); } };
  }
  if (!postgresUrl) throw new Error("Postgres tests need MINNOW_TEST_DATABASE_URL.");
  const name = `minnow_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString(), dataDir });
  return {
    ...store,
    dataDir,
    databaseUrl: url.toString(),
    dispose: async () => {
      await store.close();
      const cleanup = new pg.Client({ connectionString: postgresUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
