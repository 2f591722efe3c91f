import type { Kysely, Migration } from "kysely";

/**
 * A patient's or a phone's latest consent is read on every send and every reply, newest first.
 * The old indexes found the rows but left them to be sorted, and a phone that opted out and in
 * often has many: the inbound bench spent more time sorting consents than on any other query.
 * These indexes hold the rows in the order they are read, so the latest is the first one found.
 */
export const consentOrderIndexes: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex("consents_patient_latest_idx").on("consents").columns(["patient_ref", "captured_at", "created_at", "id"]).execute();
    await db.schema.createIndex("consents_phone_latest_idx").on("consents").columns(["phone_idx", "captured_at", "id"]).execute();
    await db.schema.dropIndex("consents_patient_idx").execute();
    await db.schema.dropIndex("consents_phone_idx").execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex("consents_patient_idx").on("consents").columns(["patient_ref", "captured_at"]).execute();
    await db.schema.createIndex("consents_phone_idx").on("consents").column("phone_idx").execute();
    await db.schema.dropIndex("consents_phone_latest_idx").execute();
    await db.schema.dropIndex("consents_patient_latest_idx").execute();
  },
};
