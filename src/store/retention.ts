/**
 * Retention: message bodies are kept for the inbox only for a window, then
 * dropped. The rows stay (status, ids, times) and so does the audit log, which
 * never held a body.
 */
import type { Store } from "./db.js";

export interface PurgeCounts {
  outbound: number;
  inbound: number;
  staffReplies: number;
}

export async function purgeMessageBodies(store: Store, olderThan: Date, now = new Date()): Promise<PurgeCounts> {
  const cutoff = olderThan.getTime();
  const out = await store.db
    .updateTable("outbound_messages")
    .set({ body_ct: null, body_purged_at: now.getTime() })
    .where("created_at", "<", cutoff)
    .where("body_ct", "is not", null)
    .executeTakeFirst();
  const inb = await store.db
    .updateTable("inbound_messages")
    .set({ body_ct: null, body_purged_at: now.getTime() })
    .where("received_at", "<", cutoff)
    .where("body_ct", "is not", null)
    .executeTakeFirst();
  const staff = await store.db
    .updateTable("staff_replies")
    .set({ body_ct: null, body_purged_at: now.getTime() })
    .where("created_at", "<", cutoff)
    .where("body_ct", "is not", null)
    .executeTakeFirst();
  return { outbound: Number(out.numUpdatedRows), inbound: Number(inb.numUpdatedRows), staffReplies: Number(staff.numUpdatedRows) };
}
