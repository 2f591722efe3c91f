import type { Kysely, Migration } from "kysely";

/**
 * The Trigger.dev adapter's signal plumbing. `trigger_tokens` maps a signal key to the
 * waitpoint token a run waits on, so `engine.signal` can complete it; `trigger_signals`
 * holds a signal that arrived before any wait began, until a wait on its key takes it.
 */
export const triggerTokens: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("trigger_tokens")
      .addColumn("signal_key", "varchar(400)", (c) => c.primaryKey())
      .addColumn("token_id", "varchar(200)", (c) => c.notNull())
      .addColumn("run_id", "varchar(200)", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("trigger_signals")
      .addColumn("signal_key", "varchar(400)", (c) => c.primaryKey())
      .addColumn("payload", "text")
      .addColumn("received_at", "bigint", (c) => c.notNull())
      // Who took it: "<runId>:wait:<step>" for a wait, "token:<id>" when delivered to a token.
      .addColumn("consumed_by", "varchar(800)")
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable("trigger_signals").ifExists().execute();
    await db.schema.dropTable("trigger_tokens").ifExists().execute();
  },
};
