import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { START_HOLDER_FILE, StoreInUseError, takeSqliteStartLock, type StartLock } from "../../src/runtime/sqlite-start-lock.js";

let dir: string;
const locks: StartLock[] = [];
afterEach(() => {
  for (const l of locks.splice(0)) l.release();
  rmSync(dir, { recursive: true, force: true });
});
const take = (at?: Date) => {
  const lock = takeSqliteStartLock(dir, at);
  locks.push(lock);
  return lock;
};

describe("the SQLite start lock", () => {
  it("refuses a second holder with an error naming the first (pid, host, start time) and pointing to Postgres", () => {
    dir = mkdtempSync(join(tmpdir(), "minnow-lock-"));
    take(new Date("2026-12-01T08:00:00Z"));
    let refusal: unknown;
    try {
      take();
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(StoreInUseError);
    const message = (refusal as Error).message;
    expect(message).toContain(`process ${process.pid} on host ${hostname()}, started 2026-12-01T08:00:00.000Z`);
    expect(message).toContain(dir);
    expect(message).toMatch(/Postgres and set DATABASE_URL/);
  });

  it("is free again once released, and the holder file goes with it", () => {
    dir = mkdtempSync(join(tmpdir(), "minnow-lock-"));
    take().release();
    expect(take().holder.pid).toBe(process.pid);
  });

  it("still refuses when the holder file is unreadable, saying it cannot tell who holds it", () => {
    dir = mkdtempSync(join(tmpdir(), "minnow-lock-"));
    take();
    writeFileSync(join(dir, START_HOLDER_FILE), "{not json");
    expect(() => take()).toThrow(/another process \(it has not said which yet\)/);
  });
});
