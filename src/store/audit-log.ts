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
 * Do not call appendAudit from inside another transaction on the same store.
 */
import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { redact, type LogFields } from "../log.js";
import { readSealedHead, requireSeal, writeHead, type AuditSeal } from "./audit-seal.js";
import type { Store } from "./db.js";
import type { AuditLogTable } from "./core-tables.js";
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

/** Appends onto the sealed head, inside withAuditLock: the head, not the table's last row, says where the chain ends. */
export async function appendLocked(db: Kysely<Tables>, seal: AuditSeal, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
  const at = (entry.at ?? new Date()).getTime();
  const head = await readSealedHead(db, seal);
  const row: Omit<AuditRow, "hash" | "mac"> = {
    seq: head.lastSeq + 1,
    at,
    actor: entry.actor,
    action: entry.action,
    subject_ref: entry.subjectRef ?? null,
    decision: entry.decision ?? null,
    reasons: JSON.stringify([...(entry.reasons ?? [])]),
    details: canonicalDetails(entry.details ?? {}),
    prev_hash: head.lastHash,
  };
  const hash = auditHash(row);
  await insertRow.execute(db, { ...row, hash, mac: seal.rowMac(row.seq, hash) });
  await writeHead(db, seal, { ...head, lastSeq: row.seq, lastHash: hash });
  return { seq: row.seq, hash };
}

/** Appends one entry to the chain; returns its sequence number and hash. */
export async function appendAudit(store: Store, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
  const at = (entry.at ?? new Date()).getTime();
  if (!Number.isFinite(at)) throw new Error(`appendAudit(${entry.action}): \`at\` is an invalid date.`);
  const seal = requireSeal(store);
  return withAuditLock(store, (db) => appendLocked(db, seal, entry));
}

/** Entries about one subject, oldest first (for the staff view and the API). */
export async function listAudit(store: Store, subjectRef: string, limit = 200): Promise<AuditRow[]> {
  const rows = await store.db.selectFrom("audit_log").selectAll().where("subject_ref", "=", subjectRef).orderBy("seq").limit(limit).execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq), at: Number(r.at) }));
}
