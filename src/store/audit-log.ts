/**
 * The audit log (45 CFR 164.312(b)): append-only and hash-chained. Each row's hash
 * covers the previous row's hash and every field of the row, so editing, deleting
 * or reordering any row breaks the chain at that row, and `verifyAudit` names it.
 * Each row and the head checkpoint are also MAC'd under the audit key (audit-seal.ts),
 * so a truncated tail or a chain rebuilt after an edit shows too. Triggers refuse
 * UPDATE and DELETE (migration 007a), except the audited retention purge of the oldest rows.
 * Entries carry ids, actions and decisions only: never names, phones or bodies.
 *
 * Appends are serialized so two writers never chain onto the same row: SQLite takes
 * its write lock up front (BEGIN IMMEDIATE, which also orders separate processes);
 * Postgres takes a transaction-scoped advisory lock, which orders separate processes too.
 * Appends that arrive while the lock is busy share the next turn of it (lock-batch-queue.ts):
 * one transaction, one head read and one head write for the lot, each row chained in order.
 * Do not call appendAudit from inside another transaction on the same store.
 */
import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { redact, type LogFields } from "../log.js";
import { readSealedHead, requireSeal, writeHead, type AuditSeal } from "./audit-seal.js";
import type { Store } from "./db.js";
import type { AuditLogTable } from "./core-tables.js";
import { LockBatchQueue } from "./lock-batch-queue.js";
import { prepared } from "./prepared-query.js";
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

function canonicalDetails(details: LogFields): string {
  const cleaned = redact(details);
  const sorted = Object.keys(cleaned).sort().filter((k) => cleaned[k] !== undefined).map((k) => [k, cleaned[k]]);
  return JSON.stringify(Object.fromEntries(sorted));
}

/** sha256 over the previous hash and the row's stored fields, in a fixed order. */
export function auditHash(row: Omit<AuditRow, "hash" | "mac">): string {
  const fields = [row.seq, row.at, row.actor, row.action, row.subject_ref, row.decision, row.reasons, row.details];
  return createHash("sha256").update(row.prev_hash).update("\n").update(JSON.stringify(fields)).digest("hex");
}

export async function withAuditLock<T>(store: Store, fn: (db: Kysely<Tables>) => Promise<T>): Promise<T> {
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

const insertRow = prepared((db, v: AuditRow) =>
  db.insertInto("audit_log").values({ seq: v.seq, at: v.at, actor: v.actor, action: v.action, subject_ref: v.subject_ref, decision: v.decision, reasons: v.reasons, details: v.details, prev_hash: v.prev_hash, hash: v.hash, mac: v.mac }),
);

/** A row's own fields, fixed when it is asked for; its place in the chain is fixed when it is written. */
type AuditFields = Omit<AuditRow, "seq" | "prev_hash" | "hash" | "mac">;

function auditFields(entry: AuditEntry): AuditFields {
  const at = (entry.at ?? new Date()).getTime();
  if (!Number.isFinite(at)) throw new Error(`appendAudit(${entry.action}): \`at\` is an invalid date.`);
  return {
    at,
    actor: entry.actor,
    action: entry.action,
    subject_ref: entry.subjectRef ?? null,
    decision: entry.decision ?? null,
    reasons: JSON.stringify([...(entry.reasons ?? [])]),
    details: canonicalDetails(entry.details ?? {}),
  };
}

export interface Appended {
  seq: number;
  hash: string;
}

/** Chains rows onto the sealed head, in order, inside withAuditLock: the head is read and written once for all of them. */
async function appendRows(db: Kysely<Tables>, seal: AuditSeal, rows: readonly AuditFields[]): Promise<Appended[]> {
  if (rows.length === 0) return [];
  const head = await readSealedHead(db, seal);
  let last: Appended = { seq: head.lastSeq, hash: head.lastHash };
  const appended: Appended[] = [];
  for (const fields of rows) {
    const row = { ...fields, seq: last.seq + 1, prev_hash: last.hash };
    const hash = auditHash(row);
    await insertRow.execute(db, { ...row, hash, mac: seal.rowMac(row.seq, hash) });
    last = { seq: row.seq, hash };
    appended.push(last);
  }
  await writeHead(db, seal, { ...head, lastSeq: last.seq, lastHash: last.hash });
  return appended;
}

/** Appends onto the sealed head, inside withAuditLock: the head, not the table's last row, says where the chain ends. */
export async function appendLocked(db: Kysely<Tables>, seal: AuditSeal, entry: AuditEntry): Promise<Appended> {
  const [appended] = await appendRows(db, seal, [auditFields(entry)]);
  return appended!;
}

/** Each store's waiting appends; a store's appends that arrive together share one lock, head read and head write. */
const appendQueues = new WeakMap<Store, LockBatchQueue<AuditFields, Appended>>();

function appendQueue(store: Store): LockBatchQueue<AuditFields, Appended> {
  let queue = appendQueues.get(store);
  if (!queue) {
    queue = new LockBatchQueue((take) => withAuditLock(store, (db) => appendRows(db, requireSeal(store), take())));
    appendQueues.set(store, queue);
  }
  return queue;
}

/**
 * Appends one entry to the chain; returns its sequence number and hash once its row is committed.
 * Entries appended while others wait for the audit lock are written with them in one transaction.
 */
export async function appendAudit(store: Store, entry: AuditEntry): Promise<Appended> {
  const fields = auditFields(entry);
  requireSeal(store);
  return appendQueue(store).push(fields);
}

/** Entries about one subject, oldest first (for the staff view and the API). */
export async function listAudit(store: Store, subjectRef: string, limit = 200): Promise<AuditRow[]> {
  const rows = await store.db.selectFrom("audit_log").selectAll().where("subject_ref", "=", subjectRef).orderBy("seq").limit(limit).execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq), at: Number(r.at) }));
}
