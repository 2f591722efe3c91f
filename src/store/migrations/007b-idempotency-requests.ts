import type { Kysely, Migration } from "kysely";

/** The request each Idempotency-Key was first used with (its hash), so a different request under it is refused. */
export const idempotencyRequests: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("idempotency_requests")
      .addColumn("key", "varchar(400)", (c) => c.primaryKey())
      .addColumn("request_hash", "varchar(64)", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable("idempotency_requests").execute();
  },
};
