import { sql, type Kysely, type Migration } from "kysely";

/**
 * What minnow knows about one number for one patient: whether it was proven to reach them (by
 * code, by their reply, or by the practice's attestation), and whether whoever has it said
 * "wrong number". A verification used to live on the consent row alone, so a code proved on one
 * phone unlocked detail in texts to any other: the send path now checks the exact number here.
 * Rows verified by code before this migration carry over, for the number they proved.
 */
export const patientPhones: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createTable("patient_phones")
      .addColumn("patient_ref", "varchar(200)", (c) => c.notNull())
      .addColumn("phone_idx", "varchar(64)", (c) => c.notNull())
      .addColumn("verified_at", "bigint")
      .addColumn("verified_via", "varchar(16)")
      .addColumn("verified_evidence", "varchar(500)")
      .addColumn("wrong_number_at", "bigint")
      .addColumn("wrong_number_evidence", "varchar(200)")
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("patient_phones_pk", ["patient_ref", "phone_idx"])
      .execute();
    await sql`
      insert into patient_phones (patient_ref, phone_idx, verified_at, verified_via, verified_evidence, updated_at)
      select patient_ref, phone_idx, max(created_at), 'code', 'consent verified by code before number-bound verification', max(created_at)
      from consents where phone_verified = 1 group by patient_ref, phone_idx
    `.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable("patient_phones").execute();
  },
};
