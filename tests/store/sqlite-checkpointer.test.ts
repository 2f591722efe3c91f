import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { setLogSink, type LogRecord } from "../../src/log.js";
import { openStore } from "../../src/store/db.js";
import { CHECKPOINT_EVERY, startCheckpointer, type Checkpointer } from "../../src/store/sqlite-checkpointer.js";

let dir: string | undefined;
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  setLogSink(null);
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function openFile(): { database: BetterSqlite3.Database; file: string } {
  dir = mkdtempSync(join(tmpdir(), "minnow-checkpointer-"));
  const file = join(dir, "store.sqlite");
  const database = new BetterSqlite3(file);
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.exec("create table notes (id integer primary key, body text not null)");
  return { database, file };
}

/** `count` commits of one small row each: far fewer WAL pages than SQLite's own 1,000-page checkpoint. */
function commitRows(database: BetterSqlite3.Database, checkpointer: Checkpointer, count: number): void {
  const insert = database.prepare("insert into notes (body) values (?)");
  for (let i = 0; i < count; i++) {
    insert.run(`note ${i}`);
    checkpointer.committed();
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const autocheckpoint = (database: BetterSqlite3.Database) => database.pragma("wal_autocheckpoint", { simple: true });

describe("WAL checkpoints in a worker thread", () => {
  it("copies the log into the database file off the event loop once enough commits have gone by", async () => {
    const { database, file } = openFile();
    const checkpointer = startCheckpointer(database, file);
    cleanups.push(() => void database.close(), () => checkpointer.close());
    const sizeBefore = statSync(file).size;

    commitRows(database, checkpointer, CHECKPOINT_EVERY - 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(statSync(file).size).toBe(sizeBefore);
    expect(autocheckpoint(database)).toBe(1_000);

    commitRows(database, checkpointer, 1);
    // The rows reach the database file itself, though the writer never checkpointed (its log is far below 1,000 pages).
    await until(() => statSync(file).size > sizeBefore, "the worker's checkpoint");
    const reader = new BetterSqlite3(file, { readonly: true });
    cleanups.push(() => void reader.close());
    expect(reader.prepare("select count(*) as n from notes").get()).toEqual({ n: CHECKPOINT_EVERY });
    // While the worker checkpoints, the writer's own checkpoint waits for a much larger log, as a backstop.
    expect(autocheckpoint(database)).toBe(10_000);
  });

  it("hands checkpoints back to the writer when the worker cannot open the database", async () => {
    const { database } = openFile();
    const logged: LogRecord[] = [];
    setLogSink((record) => logged.push(record));
    const checkpointer = startCheckpointer(database, join(dir ?? "", "missing", "store.sqlite"));
    cleanups.push(() => void database.close(), () => checkpointer.close());

    commitRows(database, checkpointer, CHECKPOINT_EVERY);
    await until(() => logged.some((record) => record.event === "store.checkpointer_stopped"), "the worker's failure");
    expect(autocheckpoint(database)).toBe(1_000);
    // Later commits do not start another worker.
    commitRows(database, checkpointer, CHECKPOINT_EVERY * 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(logged.filter((record) => record.event === "store.checkpointer_stopped")).toHaveLength(1);
    expect(autocheckpoint(database)).toBe(1_000);
  });

  it("is wired into the SQLite store: a busy store checkpoints in the worker, and closing ends it cleanly", async () => {
    dir = mkdtempSync(join(tmpdir(), "minnow-checkpointer-store-"));
    const store = await openStore({ dataDir: dir });
    const file = join(dir, "minnow.sqlite");
    const sizeBefore = statSync(file).size;
    for (let i = 0; i < CHECKPOINT_EVERY + 10; i++) {
      // One awaited write per turn: each commits on its own.
      await store.db.insertInto("sync_seen").values({ source: "fhir", ref: `Appointment/${i}`, fingerprint: "f", status: "booked", last_seen_at: i }).execute();
    }
    await until(() => statSync(file).size > sizeBefore, "the worker's checkpoint");
    await store.close();
    // The last connection to close removes the log: the worker's connection was closed first.
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
