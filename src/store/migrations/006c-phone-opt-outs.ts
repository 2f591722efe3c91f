import { sql, type Kysely, type Migration } from "kysely";

/**
 * Which numbers texted STOP (or were reported unsubscribed by the carrier) and have not opted
 * back in. Consent rows are per patient and per the phone they were captured on, so a STOP from
 * a patient's EHR mobile left no trace on that number itself, and a new consent or a verification
 * code could reach it again. Earlier opt-outs are carried over from the consent ledger.
 */
const OPT_OUT_REASONS = ["sms-opt-out", "carrier-unsubscribed-21610"];

export const phoneOptOuts: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createTable("phone_opt_outs")
      .addColumn("phone_idx", "varchar(64)", (c) => c.primaryKey())
      .addColumn("opted_out_at", "bigint", (c) => c.notNull())
      .addColumn("reason", "varchar(64)", (c) => c.notNull())
      .addColumn("source_ref", "varchar(200)", (c) => c.notNull())
      .addColumn("opted_in_at", "bigint")
      .addColumn("opted_in_via", "varchar(64)")
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
    const rows = await sql<{ phone_idx: string; revoked_at: number | string | null; revoked_reason: string | null; revoked_scopes: string | null; captured_at: number | string }>`
      select phone_idx, revoked_at, revoked_reason, revoked_scopes, captured_at from consents
    `.execute(db);
    const stops = new Map<string, { at: number; reason: string }>();
    const latestGrant = new Map<string, number>();
    for (const row of rows.rows) {
      latestGrant.set(row.phone_idx, Math.max(latestGrant.get(row.phone_idx) ?? 0, Number(row.captured_at)));
      if (row.revoked_at == null || row.revoked_scopes != null || !OPT_OUT_REASONS.includes(row.revoked_reason ?? "")) continue;
      const at = Number(row.revoked_at);
      if (at > (stops.get(row.phone_idx)?.at ?? -1)) stops.set(row.phone_idx, { at, reason: row.revoked_reason ?? "sms-opt-out" });
    }
    for (const [phoneIdx, stop] of stops) {
      if ((latestGrant.get(phoneIdx) ?? 0) > stop.at) continue;
      await sql`insert into phone_opt_outs (phone_idx, opted_out_at, reason, source_ref, updated_at) values (${phoneIdx}, ${stop.at}, ${stop.reason}, ${"consent-ledger"}, ${stop.at})`.execute(db);
    }
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable("phone_opt_outs").execute();
  },
};
