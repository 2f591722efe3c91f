import type { Kysely, Migration } from "kysely";

/**
 * The console's Today page lists a day's HL7 appointments. The feed stores no plain time, so
 * `day_idx` is a keyed hash of the appointment's UTC date: a day's rows are an index lookup, and
 * the table still holds no readable date. Rows written before this migration have none; they are
 * filled in the first time a day is read.
 */
export const hl7AppointmentDay: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable("hl7_appointments").addColumn("day_idx", "varchar(64)").execute();
    await db.schema.createIndex("hl7_appointments_day_idx").on("hl7_appointments").column("day_idx").execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex("hl7_appointments_day_idx").execute();
    await db.schema.alterTable("hl7_appointments").dropColumn("day_idx").execute();
  },
};
