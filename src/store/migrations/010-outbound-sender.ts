import type { Kysely, Migration } from "kysely";

/**
 * A group practice texts from one sender per location, so each outbound message records the
 * sender it went out from: a carrier opt-out (21610) then closes the prompts of that
 * conversation, and the console shows which number a patient heard from. Older rows have none
 * (the practice's own sender).
 */
export const outboundSender: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable("outbound_messages").addColumn("sender", "text").execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable("outbound_messages").dropColumn("sender").execute();
  },
};
