import type { Kysely, Migration } from "kysely";

/**
 * The HL7 SIU feed (connectors/hl7). `hl7_messages` is the inbox: a message is written here,
 * in one insert, before the listener answers AA, so a crash after the ACK loses nothing; its
 * control id (MSH-10) is the key, so a resent message is recognised and never applied twice.
 * The body is kept encrypted until it is applied, then dropped. `hl7_appointments` is the
 * latest state of each appointment the feed described (encrypted), with the MSH-7 time of the
 * message that set it: an older message never overwrites it. Workflows re-read it at wake, as
 * they re-read the EHR for FHIR appointments.
 */
export const hl7Feed: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const s = db.schema;
    await s.createTable("hl7_messages")
      .addColumn("control_id", "varchar(200)", (c) => c.primaryKey())
      .addColumn("event", "varchar(8)", (c) => c.notNull())
      .addColumn("message_time", "bigint", (c) => c.notNull())
      .addColumn("received_at", "bigint", (c) => c.notNull())
      .addColumn("status", "varchar(16)", (c) => c.notNull())
      .addColumn("appointment_ref", "varchar(200)")
      .addColumn("body_ct", "text")
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("processed_at", "bigint")
      .execute();
    await s.createIndex("hl7_messages_pending_idx").on("hl7_messages").columns(["status", "received_at"]).execute();

    await s.createTable("hl7_appointments")
      .addColumn("ref", "varchar(200)", (c) => c.primaryKey())
      .addColumn("message_time", "bigint", (c) => c.notNull())
      .addColumn("control_id", "varchar(200)", (c) => c.notNull())
      .addColumn("status", "varchar(16)", (c) => c.notNull())
      .addColumn("slot_idx", "varchar(64)", (c) => c.notNull())
      .addColumn("record_ct", "text", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
    await s.createIndex("hl7_appointments_slot_idx").on("hl7_appointments").column("slot_idx").execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable("hl7_appointments").execute();
    await db.schema.dropTable("hl7_messages").execute();
  },
};
