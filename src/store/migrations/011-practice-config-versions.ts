import type { Kysely, Migration } from "kysely";

/**
 * The practice config as stored, versioned settings: every process on one database (the main
 * job, Trigger.dev workers) reads the same latest version. A version is never changed; a new
 * setting is a new row, with who saved it and when.
 */
export const practiceConfigVersions: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("practice_config_versions")
      .addColumn("version", "integer", (c) => c.primaryKey())
      // JSON text of the config as written (before defaults), so newer defaults still apply to it.
      .addColumn("config", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("created_by", "varchar(200)", (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable("practice_config_versions").ifExists().execute();
  },
};
