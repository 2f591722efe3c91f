/**
 * Named locks between the processes that share one Postgres database (two `npm start` behind a load
 * balancer, for availability). Most of minnow shares safely without one: runs are claimed under
 * leases, starts and cron ticks are idempotent on their keys, effects are recorded before they
 * happen, and the audit chain appends under its own transaction lock (audit-log.ts). The parts that
 * cannot share take one of these, for that part alone: a session-level advisory lock held on a
 * connection reserved for it, so the work inside may use the pool as usual.
 *
 * On SQLite there is one process (the start lock, sqlite-start-lock.ts, refuses a second), and
 * within it each caller serializes its own work, so the function simply runs.
 */
import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { Store } from "./db.js";

/** The first key of every minnow process lock ("mnow"); the second names the part. */
const LOCK_SPACE = 0x6d6e6f77;

/** A stable 31-bit key for a lock name; two names rarely share one, and sharing only serializes them. */
export function lockKey(name: string): number {
  return createHash("sha256").update(name).digest().readInt32BE(0) & 0x7fffffff;
}

/** Runs `fn` while holding the lock `name`, waiting for another process that holds it. */
export async function withProcessLock<T>(store: Store, name: string, fn: () => Promise<T>): Promise<T> {
  if (store.dialect === "sqlite") return fn();
  const key = lockKey(name);
  return store.db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${LOCK_SPACE}, ${key})`.execute(conn);
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(${LOCK_SPACE}, ${key})`.execute(conn);
    }
  });
}

/**
 * Runs `fn` only if no other process holds the lock `name` now; otherwise returns `{ ran: false }`
 * at once (a periodic pass that another process is already doing is skipped, not queued).
 */
export async function tryProcessLock<T>(store: Store, name: string, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  if (store.dialect === "sqlite") return { ran: true, value: await fn() };
  const key = lockKey(name);
  return store.db.connection().execute(async (conn) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${LOCK_SPACE}, ${key}) as locked`.execute(conn);
    if (!rows[0]?.locked) return { ran: false };
    try {
      return { ran: true, value: await fn() };
    } finally {
      await sql`select pg_advisory_unlock(${LOCK_SPACE}, ${key})`.execute(conn);
    }
  });
}
