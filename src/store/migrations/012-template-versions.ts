import type { Kysely, Migration } from "kysely";

/**
 * Each message template's own numbered history (purpose and language), beside the practice config
 * versions it was saved with: who saved it and when, and the body (null: the built-in text). The
 * audit of each sent message names the template version it used.
 */
export const templateVersions: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("template_versions")
      .addColumn("template_id", "varchar(60)", (c) => c.notNull())
      .addColumn("language", "varchar(8)", (c) => c.notNull())
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("body", "text")
      .addColumn("config_version", "integer")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("created_by", "varchar(200)", (c) => c.notNull())
      .addPrimaryKeyConstraint("template_versions_pk", ["template_id", "language", "version"])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable("template_versions").ifExists().execute();
  },
};
