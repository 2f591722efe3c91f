import type { Kysely, Migration } from "kysely";

/**
 * A numbered question sent to a phone with several open waitlist offers (a family sharing one
 * mobile): "Reply 1 for Tue 3:00 PM, 2 for …". `signal_keys` holds the offers' prompt keys in the
 * order of their numbers, so the number the patient sends back names one offer, whatever opened or
 * closed since. Only the newest open question on a phone and sender counts.
 */
export const replyChoices: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createTable("reply_choices")
      .addColumn("id", "varchar(80)", (c) => c.primaryKey())
      .addColumn("phone_idx", "varchar(64)", (c) => c.notNull())
      .addColumn("sender", "varchar(64)", (c) => c.notNull())
      .addColumn("signal_keys", "text", (c) => c.notNull())
      .addColumn("opened_at", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addColumn("closed_at", "bigint")
      .execute();
    await db.schema.createIndex("reply_choices_phone_idx").on("reply_choices").columns(["phone_idx", "sender", "opened_at"]).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable("reply_choices").execute();
  },
};
