import type { Kysely, Migration } from "kysely";

/**
 * The practice console (see console-tables.ts): staff accounts, one-time sign-in links,
 * server-side sessions, the inbox's own state (read, assigned, resolved) beside the inbound
 * messages it is about, and staff replies waiting to be decided and sent. Plus the indexes the
 * inbox reads by: a conversation is every message on one phone.
 */
export const consoleTables: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const s = db.schema;
    await s.createTable("staff_accounts")
      .addColumn("id", "varchar(64)", (c) => c.primaryKey())
      .addColumn("email", "varchar(320)", (c) => c.notNull().unique())
      .addColumn("role", "varchar(16)", (c) => c.notNull())
      .addColumn("password_hash", "text")
      .addColumn("status", "varchar(16)", (c) => c.notNull())
      .addColumn("failed_sign_ins", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("locked_until", "bigint")
      .addColumn("password_set_at", "bigint")
      .addColumn("disabled_at", "bigint")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();

    await s.createTable("staff_sign_in_links")
      .addColumn("token_hash", "varchar(64)", (c) => c.primaryKey())
      .addColumn("staff_id", "varchar(64)", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addColumn("used_at", "bigint")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();

    await s.createTable("staff_sessions")
      .addColumn("id_hash", "varchar(64)", (c) => c.primaryKey())
      .addColumn("staff_id", "varchar(64)", (c) => c.notNull())
      .addColumn("csrf_token", "varchar(64)", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("last_active_at", "bigint", (c) => c.notNull())
      .addColumn("ended_at", "bigint")
      .addColumn("end_reason", "varchar(32)")
      .execute();
    await s.createIndex("staff_sessions_staff_idx").on("staff_sessions").column("staff_id").execute();

    await s.createTable("inbox_states")
      .addColumn("inbound_id", "varchar(64)", (c) => c.primaryKey())
      .addColumn("read_at", "bigint")
      .addColumn("read_by", "varchar(64)")
      .addColumn("assigned_to", "varchar(64)")
      .addColumn("assigned_at", "bigint")
      .addColumn("resolved_at", "bigint")
      .addColumn("resolved_by", "varchar(64)")
      .execute();

    await s.createTable("staff_replies")
      .addColumn("id", "varchar(64)", (c) => c.primaryKey())
      .addColumn("inbound_id", "varchar(64)", (c) => c.notNull())
      .addColumn("phone_idx", "varchar(64)", (c) => c.notNull())
      .addColumn("patient_ref", "varchar(200)", (c) => c.notNull())
      .addColumn("staff_id", "varchar(64)", (c) => c.notNull())
      .addColumn("template_id", "varchar(64)")
      .addColumn("body_ct", "text")
      .addColumn("status", "varchar(16)", (c) => c.notNull())
      .addColumn("reasons", "text", (c) => c.notNull())
      .addColumn("until", "bigint")
      .addColumn("message_id", "varchar(64)")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .addColumn("body_purged_at", "bigint")
      .execute();
    await s.createIndex("staff_replies_phone_idx").on("staff_replies").columns(["phone_idx", "created_at"]).execute();

    await s.createIndex("console_inbound_staff_idx").on("inbound_messages").columns(["needs_staff", "received_at"]).execute();
    await s.createIndex("console_inbound_phone_idx").on("inbound_messages").columns(["phone_idx", "received_at"]).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex("console_inbound_phone_idx").execute();
    await db.schema.dropIndex("console_inbound_staff_idx").execute();
    for (const table of ["staff_replies", "inbox_states", "staff_sessions", "staff_sign_in_links", "staff_accounts"]) await db.schema.dropTable(table).execute();
  },
};
