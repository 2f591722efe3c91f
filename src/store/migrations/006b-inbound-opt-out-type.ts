import type { Kysely, Migration } from "kysely";

/**
 * Twilio's Advanced Opt-Out marks an inbound keyword it has already answered (`OptOutType`:
 * STOP, START or HELP). The router reads the message back from the store, so the mark is stored
 * with it: minnow then records the consent change without sending a second confirmation.
 */
export const inboundOptOutType: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable("inbound_messages").addColumn("opt_out_type", "varchar(8)").execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable("inbound_messages").dropColumn("opt_out_type").execute();
  },
};
