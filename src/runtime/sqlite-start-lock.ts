/**
 * SQLite has one writer, so one `minnow start` per SQLite store. The running process holds an
 * exclusive SQLite lock on a small lock file in DATA_DIR for as long as it lives; the operating
 * system drops it when the process ends, however it ends (even SIGKILL), so a crash never leaves a
 * stale lock behind. Beside it, a holder file says who holds it, for the refusal's message.
 * Short commands (`minnow audit verify`, `minnow staff add`, ...) do not take it: they may run beside
 * the server. Two servers on one database need Postgres (DATABASE_URL).
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { ensurePrivateDir } from "../store/private-files.js";

export const START_LOCK_FILE = "minnow-start.lock";
export const START_HOLDER_FILE = "minnow-start.holder.json";

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

export interface StartLock {
  holder: LockHolder;
  release(): void;
}

export class StoreInUseError extends Error {
  override name = "StoreInUseError";
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | null,
  ) {
    const who = holder ? `process ${holder.pid} on host ${holder.host}, started ${holder.startedAt}` : "another process (it has not said which yet)";
    super(
      `The SQLite store in ${dataDir} is already in use by minnow: ${who}. SQLite allows one writing process, ` +
        "so this one stops here. Stop that process first; or, to run two processes on one database (one carries on when the other dies), " +
        "move to Postgres and set DATABASE_URL in both (README: \"Two processes on one database\").",
    );
  }
}

function readHolder(dataDir: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, START_HOLDER_FILE), "utf8")) as Partial<LockHolder>;
    if (typeof parsed.pid !== "number" || typeof parsed.host !== "string" || typeof parsed.startedAt !== "string") return null;
    return { pid: parsed.pid, host: parsed.host, startedAt: parsed.startedAt };
  } catch {
    return null; // not written yet, or cut short by a crash
  }
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
}

/** Takes the store's start lock, or throws StoreInUseError naming the process that holds it. */
export function takeSqliteStartLock(dataDir: string, now = new Date()): StartLock {
  ensurePrivateDir(dataDir);
  const lockPath = join(dataDir, START_LOCK_FILE);
  let lock: BetterSqlite3.Database;
  try {
    lock = new BetterSqlite3(lockPath, { timeout: 0 });
  } catch (cause) {
    throw new Error(`Cannot open the start lock file ${lockPath}: check DATA_DIR is writable and not full.`, { cause });
  }
  try {
    // In exclusive locking mode the connection keeps the lock of its first write until it closes.
    lock.pragma("locking_mode = EXCLUSIVE");
    lock.exec("create table if not exists start_lock (taken_at integer not null); delete from start_lock; insert into start_lock (taken_at) values (" + now.getTime() + ")");
  } catch (err) {
    lock.close();
    if (isBusy(err)) throw new StoreInUseError(dataDir, readHolder(dataDir));
    throw new Error(`Cannot write the start lock file ${lockPath}: check DATA_DIR is writable and not full.`, { cause: err });
  }
  const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: now.toISOString() };
  writeFileSync(join(dataDir, START_HOLDER_FILE), JSON.stringify(holder) + "\n", { mode: 0o600 });
  let released = false;
  return {
    holder,
    release() {
      if (released) return;
      released = true;
      if (readHolder(dataDir)?.pid === process.pid) rmSync(join(dataDir, START_HOLDER_FILE), { force: true });
      lock.close();
    },
  };
}
