import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, sql } from "kysely";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GroupCommitSqliteDialect } from "../../src/store/sqlite-group-commit.js";
import { withStatementCache } from "../../src/store/sqlite-statement-cache.js";

interface Tables {
  notes: { id: string; body: string };
}

let dir: string | undefined;
let db: Kysely<Tables> | undefined;
let commits = 0;

async function open(): Promise<{ db: Kysely<Tables>; file: string }> {
  dir = mkdtempSync(join(tmpdir(), "minnow-group-commit-"));
  const file = join(dir, "group.sqlite");
  const database = new BetterSqlite3(file);
  database.pragma("journal_mode = WAL");
  const exec = database.exec.bind(database);
  commits = 0;
  database.exec = (text: string) => {
    if (text === "commit") commits++;
    return exec(text);
  };
  db = new Kysely<Tables>({ dialect: new GroupCommitSqliteDialect(database, withStatementCache(database)) });
  await sql`create table notes (id text primary key, body text not null)`.execute(db);
  return { db, file };
}

/** What another connection (another process, or the store after a crash) can see: committed rows only. */
function committedIds(file: string): string[] {
  const reader = new BetterSqlite3(file, { readonly: true });
  try {
    return (reader.prepare("select id from notes order by id").all() as Array<{ id: string }>).map((r) => r.id);
  } finally {
    reader.close();
  }
}

afterEach(async () => {
  vi.useRealTimers();
  await db?.destroy();
  db = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("SQLite group commit", () => {
  it("writes made in the same turn share one commit, and none resolves before it is committed", async () => {
    const { db, file } = await open();
    const before = commits;
    const seenAtResolve: string[][] = [];
    await Promise.all(
      ["a", "b", "c", "d", "e"].map((id) =>
        db.insertInto("notes").values({ id, body: "x" }).execute().then(() => seenAtResolve.push(committedIds(file))),
      ),
    );
    expect(commits - before).toBe(1);
    for (const seen of seenAtResolve) expect(seen).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("each awaited write is committed when it resolves, one after another", async () => {
    const { db, file } = await open();
    for (const id of ["a", "b", "c"]) {
      await db.insertInto("notes").values({ id, body: "x" }).execute();
      expect(committedIds(file)).toContain(id);
    }
  });

  it("a read that ran among uncommitted writes waits for them to commit", async () => {
    const { db, file } = await open();
    const write = db.insertInto("notes").values({ id: "a", body: "x" }).execute();
    const rows = await db.selectFrom("notes").select("id").execute();
    expect(rows.map((r) => r.id)).toEqual(["a"]);
    expect(committedIds(file)).toEqual(["a"]);
    await write;
  });

  it("a failing statement fails alone: the others in its group still commit", async () => {
    const { db, file } = await open();
    await db.insertInto("notes").values({ id: "a", body: "x" }).execute();
    const results = await Promise.allSettled([
      db.insertInto("notes").values({ id: "b", body: "x" }).execute(),
      db.insertInto("notes").values({ id: "a", body: "duplicate" }).execute(),
      db.insertInto("notes").values({ id: "c", body: "x" }).execute(),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(committedIds(file)).toEqual(["a", "b", "c"]);
  });

  it("a transaction that rolls back undoes only its own writes, not the group's", async () => {
    const { db, file } = await open();
    const outside = db.insertInto("notes").values({ id: "outside", body: "x" }).execute();
    const failed = db.transaction().execute(async (trx) => {
      await trx.insertInto("notes").values({ id: "inside", body: "x" }).execute();
      throw new Error("changed my mind");
    });
    await expect(failed).rejects.toThrow("changed my mind");
    await outside;
    const committed = db.transaction().execute(async (trx) => {
      await trx.insertInto("notes").values({ id: "kept", body: "x" }).execute();
    });
    await committed;
    expect(committedIds(file)).toEqual(["kept", "outside"]);
  });

  it("begin immediate and commit on a held connection become a savepoint in the group", async () => {
    const { db, file } = await open();
    await db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      await conn.insertInto("notes").values({ id: "a", body: "x" }).execute();
      await sql`commit`.execute(conn);
      expect(committedIds(file)).toEqual(["a"]);
      await conn.insertInto("notes").values({ id: "b", body: "x" }).execute();
    });
    expect(committedIds(file)).toEqual(["a", "b"]);
  });

  it("a pragma runs outside the group, after it commits", async () => {
    const { db, file } = await open();
    const write = db.insertInto("notes").values({ id: "a", body: "x" }).execute();
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    await write;
    expect(committedIds(file)).toEqual(["a"]);
  });

  it("commits even while a test fakes the timers", async () => {
    const { db, file } = await open();
    vi.useFakeTimers();
    await db.insertInto("notes").values({ id: "a", body: "x" }).execute();
    expect(committedIds(file)).toEqual(["a"]);
  });
});
