import type { TriggerDb } from "./tables.js";

/**
 * Where a signal meets its wait on Trigger.dev. Either side may come first, so both sides
 * write their half, then look for the other's: a wait records its token and then checks the
 * buffer; a signal buffers and then checks for a token. Taking a buffered signal is one
 * conditional update, so exactly one side delivers it.
 */

export interface StoredToken {
  tokenId: string;
  runId: string;
}

export async function rememberToken(db: TriggerDb, key: string, token: StoredToken, now: number): Promise<void> {
  await db
    .insertInto("trigger_tokens")
    .values({ signal_key: key, token_id: token.tokenId, run_id: token.runId, created_at: now })
    .onConflict((oc) => oc.column("signal_key").doUpdateSet({ token_id: token.tokenId, run_id: token.runId, created_at: now }))
    .execute();
}

export async function findToken(db: TriggerDb, key: string): Promise<StoredToken | undefined> {
  const row = await db.selectFrom("trigger_tokens").select(["token_id", "run_id"]).where("signal_key", "=", key).executeTakeFirst();
  return row ? { tokenId: row.token_id, runId: row.run_id } : undefined;
}

/** Forgets the token only if it is still the one stored, so a newer wait's token survives. */
export async function forgetToken(db: TriggerDb, key: string, tokenId: string): Promise<void> {
  await db.deleteFrom("trigger_tokens").where("signal_key", "=", key).where("token_id", "=", tokenId).execute();
}

/** Buffers a signal nobody waits for yet; the latest payload wins until one is taken. */
export async function bufferSignal(db: TriggerDb, key: string, payload: string | null, now: number): Promise<void> {
  await db
    .insertInto("trigger_signals")
    .values({ signal_key: key, payload, received_at: now, consumed_by: null })
    .onConflict((oc) => oc.column("signal_key").doUpdateSet({ payload, received_at: now, consumed_by: null }))
    .execute();
}

/** Takes the buffered signal for `key`, if any is untaken. Returns its JSON text (null for undefined). */
export async function takeBufferedSignal(db: TriggerDb, key: string, consumer: string): Promise<{ payload: string | null } | undefined> {
  return db
    .updateTable("trigger_signals")
    .set({ consumed_by: consumer })
    .where("signal_key", "=", key)
    .where("consumed_by", "is", null)
    .returning("payload")
    .executeTakeFirst();
}

/** The signal this consumer already took, when an earlier attempt of the run took it. */
export async function signalTakenBy(db: TriggerDb, key: string, consumer: string): Promise<{ payload: string | null } | undefined> {
  return db.selectFrom("trigger_signals").select("payload").where("signal_key", "=", key).where("consumed_by", "=", consumer).executeTakeFirst();
}
