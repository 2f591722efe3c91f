import type { Store } from "./db.js";
import { parseJsonColumn } from "./json-column.js";

/** The `reply_choices` table (migration 008): numbered questions sent to a shared phone. */
export interface ReplyChoicesTable {
  id: string;
  phone_idx: string;
  sender: string;
  /** JSON array of prompt signal keys; number n picks the (n-1)th. */
  signal_keys: string;
  opened_at: number;
  expires_at: number;
  closed_at: number | null;
}

export type ReplyChoiceTables = { reply_choices: ReplyChoicesTable };

export interface ReplyChoice {
  id: string;
  signalKeys: string[];
}

/** Opens the question (idempotent on `id`), closing any older one on the same phone and sender. */
export async function openReplyChoice(store: Store, input: { id: string; phoneIdx: string; sender: string; signalKeys: string[]; expiresAt: Date }, now: Date): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    await trx.updateTable("reply_choices").set({ closed_at: now.getTime() }).where("phone_idx", "=", input.phoneIdx).where("sender", "=", input.sender).where("closed_at", "is", null).where("id", "!=", input.id).execute();
    await trx
      .insertInto("reply_choices")
      .values({ id: input.id, phone_idx: input.phoneIdx, sender: input.sender, signal_keys: JSON.stringify(input.signalKeys), opened_at: now.getTime(), expires_at: input.expiresAt.getTime(), closed_at: null })
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
  });
}

/** The newest open, unexpired question on this phone and sender, if any. */
export async function openReplyChoiceFor(store: Store, phoneIdx: string, sender: string, now: Date): Promise<ReplyChoice | null> {
  const row = await store.db
    .selectFrom("reply_choices")
    .select(["id", "signal_keys"])
    .where("phone_idx", "=", phoneIdx)
    .where("sender", "=", sender)
    .where("closed_at", "is", null)
    .where("expires_at", ">", now.getTime())
    .orderBy("opened_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
  return row ? { id: row.id, signalKeys: parseJsonColumn<string[]>(row.signal_keys, "reply_choices.signal_keys") } : null;
}

export async function closeReplyChoice(store: Store, id: string, now: Date): Promise<void> {
  await store.db.updateTable("reply_choices").set({ closed_at: now.getTime() }).where("id", "=", id).where("closed_at", "is", null).execute();
}
