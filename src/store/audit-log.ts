/**
 * The audit log (45 CFR 164.312(b)): append-only and hash-chained. Each row's hash
 * covers the previous row's hash and every field of the row, so editing, deleting
 * or reordering any row breaks the chain at that row, and `verifyAudit` names it.
 * Entries carry ids, actions and decisions only: never names, phones or bodies.
 *
 * Appends are serialized so two writers never chain onto the same row: SQLite takes
 * its write lock up front (BEGIN IMMEDIATE, which also orders separate processes);
 * Postgres takes a transaction-scoped advisory lock.
 * Do not call appendAudit from inside another transaction on the same store.
 */
import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { redact, type LogFields } from "../log.js";
import type { Store } from "./db.js";
import type { AuditLogTable } from "./core-tables.js";
import type { Tables } from "./tables.js";

export const AUDIT_GENESIS_HASH = "0".repeat(64);
/** Arbitrary constant naming minnow's audit lock among Postgres advisory locks. */
const PG_AUDIT_LOCK = 0x6d696e6e6f77;

export interface AuditEntry {
  /** Who acted: "workflow:appointment-reminder", "api-key:<id>", "system". */
  actor: string;
  /** What happened, e.g. "message.sent", "message.deferred", "message.skipped". */
  action: string;
  subjectRef?: string | null;
  decision?: string | null;
  reasons?: readonly string[];
  /** Ids and decision facts. Keys that look like PHI are redacted, as in logs. */
  details?: LogFields;
  at?: Date;
}

export type AuditRow = AuditLogTable;

export type AuditVerifyResult =
  | { ok: true; checked: number; head: string }
  | { ok: false; checked: number; badSeq: number; reason: string };

function canonicalDetails(details: LogFields): string {
  const cleaned = redact(details);
  const sorted = Object.keys(cleaned).sort().filter((k) => cleaned[k] !== undefined).map((k) => [k, cleaned[k]]);
  return JSON.stringify(Object.fromEntries(sorted));
}

/** sha256 over the previous hash and the row's stored fields, in a fixed order. */
export function auditHash(row: Omit<AuditRow, "hash">): string {
  const fields = [row.seq, row.at, row.actor, row.action, row.subject_ref, row.decision, row.reasons, row.details];
  return createHash("sha256").update(row.prev_hash).update("\n").update(JSON.stringify(fields)).digest("hex");
}

async function withAuditLock<T>(store: Store, fn: (db: Kysely<Tables>) => Promise<T>): Promise<T> {
  return store.db.connection().execute(async (conn) => {
    if (store.dialect === "sqlite") await sql`begin immediate`.execute(conn);
    else {
      await sql`begin`.execute(conn);
      await sql`select pg_advisory_xact_lock(${PG_AUDIT_LOCK})`.execute(conn);
    }
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (err) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw err;
    }
  });
}

/** Appends one entry to the chain; returns its sequence number and hash. */
export async function appendAudit(store: Store, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
  const at = (entry.at ?? new Date()).getTime();
  if (!Number.isFinite(at)) throw new Error(`appendAudit(${entry.action}): \`at\` is an invalid date.`);
  return withAuditLock(store, async (db) => {
    const last = await db.selectFrom("audit_log").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
    const row: Omit<AuditRow, "hash"> = {
      seq: (last ? Number(last.seq) : 0) + 1,
      at,
      actor: entry.actor,
      action: entry.action,
      subject_ref: entry.subjectRef ?? null,
      decision: entry.decision ?? null,
      reasons: JSON.stringify([...(entry.reasons ?? [])]),
      details: canonicalDetails(entry.details ?? {}),
      prev_hash: last?.hash ?? AUDIT_GENESIS_HASH,
    };
    const hash = auditHash(row);
    await db.insertInto("audit_log").values({ ...row, hash }).execute();
    return { seq: row.seq, hash };
  });
}

function checkRow(row: AuditRow, expectedSeq: number, prevHash: string): string | undefined {
  if (row.seq !== expectedSeq) return `row ${expectedSeq} is missing (next row is ${row.seq}): rows were deleted`;
  if (row.prev_hash !== prevHash) return `row ${row.seq} does not link to row ${row.seq - 1}: the chain was cut or reordered`;
  if (auditHash(row) !== row.hash) return `row ${row.seq} does not match its hash: it was altered after it was written`;
  return undefined;
}

/** Walks the whole chain in order. Fails at the first row that was altered, removed or re-linked. */
export async function verifyAudit(store: Store, pageSize = 1000): Promise<AuditVerifyResult> {
  let prevHash = AUDIT_GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const page = await store.db.selectFrom("audit_log").selectAll().where("seq", ">", checked).orderBy("seq").limit(pageSize).execute();
    for (const raw of page) {
      const row: AuditRow = { ...raw, seq: Number(raw.seq), at: Number(raw.at) };
      const problem = checkRow(row, checked + 1, prevHash);
      if (problem) return { ok: false, checked, badSeq: Math.min(row.seq, checked + 1), reason: problem };
      prevHash = row.hash;
      checked++;
    }
    if (page.length < pageSize) return { ok: true, checked, head: prevHash };
  }
}

/** Entries about one subject, oldest first (for the staff view and the API). */
export async function listAudit(store: Store, subjectRef: string, limit = 200): Promise<AuditRow[]> {
  const rows = await store.db.selectFrom("audit_log").selectAll().where("subject_ref", "=", subjectRef).orderBy("seq").limit(limit).execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq), at: Number(r.at) }));
}
