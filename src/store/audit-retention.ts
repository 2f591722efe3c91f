/**
 * The one way rows leave the audit log: the retention purge of its oldest rows, itself audited.
 * Under the audit lock it moves the sealed head's start past the purged rows (the delete trigger
 * allows only rows below that start), deletes them, and appends an `audit.purged` row. The chain
 * then verifies from the new start, whose link to the last purged row the head keeps.
 */
import { appendLocked, withAuditLock } from "./audit-log.js";
import { readSealedHead, requireSeal, writeHead } from "./audit-seal.js";
import type { Store } from "./db.js";

export interface AuditPurge {
  /** Rows removed; 0 when none was old enough. */
  purged: number;
  /** The last row removed. */
  throughSeq?: number;
}

export const RETENTION_ACTOR = "system:retention";

/** Removes the longest run of oldest rows written before `olderThan` and records that it did. */
export async function purgeAudit(store: Store, olderThan: Date, now = new Date()): Promise<AuditPurge> {
  const seal = requireSeal(store);
  const cutoff = olderThan.getTime();
  return withAuditLock(store, async (db) => {
    const head = await readSealedHead(db, seal);
    const firstKept = await db.selectFrom("audit_log").select((eb) => eb.fn.min("seq").as("seq")).where("seq", ">=", head.firstSeq).where("at", ">=", cutoff).executeTakeFirst();
    const throughSeq = (firstKept?.seq == null ? head.lastSeq + 1 : Number(firstKept.seq)) - 1;
    if (throughSeq < head.firstSeq) return { purged: 0 };
    const last = await db.selectFrom("audit_log").select("hash").where("seq", "=", throughSeq).executeTakeFirst();
    if (!last) throw new Error(`Audit row ${throughSeq} is missing, so the purge cannot anchor the chain after it: run \`npx minnow audit verify\`.`);
    await writeHead(db, seal, { ...head, firstSeq: throughSeq + 1, firstPrevHash: last.hash }, now.getTime());
    const deleted = await db.deleteFrom("audit_log").where("seq", "<=", throughSeq).executeTakeFirst();
    const purged = Number(deleted.numDeletedRows);
    await appendLocked(db, seal, {
      actor: RETENTION_ACTOR,
      action: "audit.purged",
      decision: "purged",
      reasons: ["retention"],
      details: { rows: purged, firstSeq: head.firstSeq, throughSeq, olderThan: olderThan.toISOString() },
      at: now,
    });
    return { purged, throughSeq };
  });
}
