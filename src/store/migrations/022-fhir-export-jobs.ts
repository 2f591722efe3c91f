import type { Kysely, Migration } from "kysely";

/**
 * The Bulk Data `$export` job each export scope has in flight: its status URL, remembered from the
 * EHR's kick-off answer until the job is read or has failed, so a restarted minnow resumes the job
 * instead of orphaning it on the EHR and starting another.
 */
export const fhirExportJobs: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("fhir_export_jobs")
      .addColumn("scope", "varchar(600)", (c) => c.primaryKey())
      .addColumn("status_url", "varchar(2000)", (c) => c.notNull())
      .addColumn("started_at", "bigint", (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable("fhir_export_jobs").ifExists().execute();
  },
};
