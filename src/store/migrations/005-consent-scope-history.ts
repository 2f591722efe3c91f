import type { Kysely, Migration } from "kysely";

/**
 * A full revocation (STOP) used to overwrite a grant's list of scopes revoked one by one, so a
 * later START could bring back a scope the patient had turned off on its own. The list now
 * survives the full revocation in its own column.
 */
export const consentScopeHistory: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable("consents").addColumn("scopes_revoked_earlier", "text").execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable("consents").dropColumn("scopes_revoked_earlier").execute();
  },
};
