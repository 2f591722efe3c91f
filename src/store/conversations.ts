import type { Store } from "./db.js";

export const AUTO_REPLY_GAP_MS = 24 * 3_600_000;

/**
 * Claims the one automatic reply a conversation may get per window (a day by
 * default): true for exactly one caller, however many unknown replies race in.
 */
export async function claimAutoReply(store: Store, phoneIdx: string, sender: string, now = new Date(), gapMs = AUTO_REPLY_GAP_MS): Promise<boolean> {
  const at = now.getTime();
  const rows = await store.db
    .insertInto("conversations")
    .values({ phone_idx: phoneIdx, sender, last_auto_reply_at: at })
    .onConflict((oc) =>
      oc
        .columns(["phone_idx", "sender"])
        .doUpdateSet({ last_auto_reply_at: at })
        .where((eb) => eb.or([eb("conversations.last_auto_reply_at", "is", null), eb("conversations.last_auto_reply_at", "<=", at - gapMs)])),
    )
    .returning("phone_idx")
    .execute();
  return rows.length === 1;
}
