/**
 * Re-encrypts every ciphertext column under the keyring's active key, so an old
 * key can then be dropped from MINNOW_DATA_KEY. Safe to run while minnow runs and
 * to run again: each value is swapped only if it is unchanged since it was read,
 * and values already under the active key are skipped. Blind indexes do not change
 * (their key is separate, see blind-index.ts).
 */
import { sql } from "kysely";
import { log } from "../log.js";
import { createCipher, type Cipher } from "./crypto.js";
import type { Store } from "./db.js";
import type { Keyring } from "./keyring.js";

/** Every encrypted column in the store, with the column that identifies its row. */
export const ENCRYPTED_COLUMNS = [
  { table: "contacts", rowKey: "patient_ref", column: "phone_ct" },
  { table: "consents", rowKey: "id", column: "phone_ct" },
  { table: "outbound_messages", rowKey: "id", column: "phone_ct" },
  { table: "outbound_messages", rowKey: "id", column: "body_ct" },
  { table: "inbound_messages", rowKey: "id", column: "phone_ct" },
  { table: "inbound_messages", rowKey: "id", column: "body_ct" },
  { table: "staff_replies", rowKey: "id", column: "body_ct" },
  { table: "hook_subscriptions", rowKey: "id", column: "secret_ct" },
  { table: "store_keys", rowKey: "purpose", column: "key_ct" },
] as const;

type ColumnSpec = (typeof ENCRYPTED_COLUMNS)[number];

export interface RotationReport {
  activeKid: string;
  /** Values re-encrypted, by "table.column". */
  rotated: Record<string, number>;
  /** Values that could not be decrypted (a key missing from the ring, or tampering), by row. */
  failed: Array<{ column: string; rowKey: string; reason: string }>;
}

async function rotateColumn(store: Store, cipher: Cipher, spec: ColumnSpec, batchSize: number, report: RotationReport): Promise<void> {
  const name = `${spec.table}.${spec.column}`;
  const prefix = `v1.${cipher.activeKid}.`;
  const [table, key, col] = [sql.table(spec.table), sql.ref(spec.rowKey), sql.ref(spec.column)];
  report.rotated[name] = 0;
  let after = "";
  for (;;) {
    const { rows } = await sql<{ k: string; v: string }>`
      select ${key} as k, ${col} as v from ${table}
      where ${col} is not null and substr(${col}, 1, ${prefix.length}) <> ${prefix} and ${key} > ${after}
      order by ${key} limit ${batchSize}`.execute(store.db);
    for (const row of rows) {
      let fresh: string;
      try {
        fresh = cipher.encrypt(cipher.decrypt(row.v));
      } catch (err) {
        report.failed.push({ column: name, rowKey: row.k, reason: err instanceof Error ? err.message : String(err) });
        continue;
      }
      const result = await sql`update ${table} set ${col} = ${fresh} where ${key} = ${row.k} and ${col} = ${row.v}`.execute(store.db);
      report.rotated[name] = (report.rotated[name] ?? 0) + Number(result.numAffectedRows ?? 0n);
    }
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return;
    after = last.k;
  }
}

/** Re-encrypts every ciphertext column under `ring`'s active key and reports the counts. */
export async function rotateDataKey(store: Store, ring: Keyring, opts: { batchSize?: number } = {}): Promise<RotationReport> {
  const cipher = createCipher(ring);
  const report: RotationReport = { activeKid: cipher.activeKid, rotated: {}, failed: [] };
  for (const spec of ENCRYPTED_COLUMNS) await rotateColumn(store, cipher, spec, opts.batchSize ?? 500, report);
  const total = Object.values(report.rotated).reduce((a, b) => a + b, 0);
  log.info("store.key_rotated", { kid: cipher.activeKid, rotated: total, failed: report.failed.length });
  return report;
}

/** Human summary for the CLI; row keys are ids, never PHI. */
export function formatRotationReport(report: RotationReport): string {
  const lines = [`Re-encrypted under key ${report.activeKid}:`];
  for (const [column, count] of Object.entries(report.rotated)) lines.push(`  ${column.padEnd(30)} ${count}`);
  for (const f of report.failed) lines.push(`  FAILED ${f.column} row ${f.rowKey}: ${f.reason}`);
  if (report.failed.length > 0) lines.push("Keep the old key in MINNOW_DATA_KEY until every row rotates.");
  else lines.push("Every value is under the active key; older keys may now be removed from MINNOW_DATA_KEY.");
  return lines.join("\n");
}
