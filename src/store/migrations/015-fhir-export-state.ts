import type { Kysely, Migration } from "kysely";

/**
 * Where each Bulk Data `$export` sync left off: the manifest's `transactionTime`, sent as `_since`
 * on the next export. One row per export scope (the EHR's base URL and the Group, or "system"), so
 * a new Group or another EHR starts with a full export.
 */
export const fhirExportState: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("fhir_export_state")
      .addColumn("scope", "varchar(600)", (c) => c.primaryKey())
      .addColumn("transaction_time", "varchar(64)", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable("fhir_export_state").ifExists().execute();
  },
};
