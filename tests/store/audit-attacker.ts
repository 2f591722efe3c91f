/**
 * What someone with write access to the database, but not MINNOW_DATA_KEY, can do to the audit
 * log: drop the append-only triggers, delete rows, and edit a row then recompute every hash after
 * it so the plain hash chain links again.
 */
import { sql } from "kysely";
import { auditHash, type AuditRow } from "../../src/store/audit-log.js";
import type { Store } from "../../src/store/db.js";

const GUARDS = ["audit_log_no_update", "audit_log_no_delete", "audit_log_no_truncate"];

export async function dropAuditGuards(store: Store): Promise<void> {
  for (const name of GUARDS) {
    if (store.dialect === "sqlite") await sql`drop trigger if exists ${sql.id(name)}`.execute(store.db);
    else await sql`drop trigger if exists ${sql.id(name)} on audit_log`.execute(store.db);
  }
}

/** Deletes rows `from`..`to` (inclusive), bypassing the guards. */
export async function deleteAuditRows(store: Store, from: number, to = Number.MAX_SAFE_INTEGER): Promise<void> {
  await dropAuditGuards(store);
  await sql`delete from audit_log where seq >= ${from} and seq <= ${to}`.execute(store.db);
}

/** Edits row `seq`, then recomputes its hash and every later row's link and hash. */
export async function rebuildChainFrom(store: Store, seq: number, edit: Partial<Pick<AuditRow, "decision" | "reasons" | "details" | "actor">>): Promise<void> {
  await dropAuditGuards(store);
  const rows = await store.db.selectFrom("audit_log").selectAll().where("seq", ">=", seq).orderBy("seq").execute();
  const before = await store.db.selectFrom("audit_log").select("hash").where("seq", "=", seq - 1).executeTakeFirst();
  let prev = before?.hash ?? "0".repeat(64);
  for (const raw of rows) {
    const row = { ...raw, seq: Number(raw.seq), at: Number(raw.at), ...(Number(raw.seq) === seq ? edit : {}), prev_hash: prev };
    const hash = auditHash(row);
    await store.db
      .updateTable("audit_log")
      .set({ decision: row.decision, reasons: row.reasons, details: row.details, actor: row.actor, prev_hash: prev, hash })
      .where("seq", "=", row.seq)
      .execute();
    prev = hash;
  }
}
