import { errorKind, log } from "../log.js";
import type { Store } from "../store/db.js";
import { prepared } from "../store/prepared-query.js";
import { describeError, fromJson, toJson } from "./embedded/journal-values.js";

export interface EffectOptions<T> {
  /**
   * Asked when an earlier attempt's outcome is unknown (a crash mid-call, or the call threw):
   * return the effect's result if it did happen (e.g. the provider knows the key), or undefined
   * if it did not. Without it, the call is made again, so pass the key to the provider as its
   * idempotency key.
   */
  reconcile?: () => Promise<T | undefined>;
}

const MAX_KEY_LENGTH = 400;

const updateDone = prepared((db, v: { key: string; result: string | null; now: number }) => db.updateTable("effects").set({ status: "done", result: v.result, error: null, updated_at: v.now }).where("key", "=", v.key));

async function markDone<T>(store: Pick<Store, "db">, key: string, value: T): Promise<T> {
  const result = toJson(value, `Effect "${key}"`);
  await updateDone.execute(store.db, { key, result, now: Date.now() });
  return fromJson(result) as T;
}

const insertPending = prepared((db, v: { key: string; now: number }) =>
  db
    .insertInto("effects")
    .values({ key: v.key, status: "pending", result: null, error: null, created_at: v.now, updated_at: v.now })
    .onConflict((oc) => oc.column("key").doNothing())
    .returning("key"),
);

/** True when this call is the first for `key`; otherwise the recorded row decides. */
async function recordPending(store: Pick<Store, "db">, key: string): Promise<boolean> {
  const { rows } = await insertPending.execute(store.db, { key, now: Date.now() });
  return rows.length > 0;
}

/**
 * The exactly-once guard for an external effect (SMS, EHR write, webhook). The key is recorded
 * before the call; a key already done returns its recorded result without calling; a key whose
 * outcome is unknown is reconciled before the call is risked again. Results are JSON round-tripped,
 * so the first call and every replay see the same value.
 */
export async function withEffect<T>(store: Pick<Store, "db">, key: string, fn: () => Promise<T>, opts: EffectOptions<T> = {}): Promise<T> {
  if (typeof key !== "string" || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new Error(`An effect key must be a non-empty string of at most ${MAX_KEY_LENGTH} characters.`);
  }
  if (!(await recordPending(store, key))) {
    const row = await store.db.selectFrom("effects").select(["status", "result"]).where("key", "=", key).executeTakeFirst();
    if (row?.status === "done") return fromJson(row.result) as T;
    if (opts.reconcile) {
      let found: T | undefined;
      try {
        found = await opts.reconcile();
      } catch (cause) {
        throw new Error(`Effect "${key}": reconcile failed, so whether it happened is still unknown; it will be checked again on retry.`, { cause });
      }
      log.info("effect.reconciled", { effectKey: key, happened: found !== undefined });
      if (found !== undefined) return markDone(store, key, found);
    } else {
      log.warn("effect.repeated_without_reconcile", { effectKey: key });
    }
  }
  let value: T;
  try {
    value = await fn();
  } catch (err) {
    await store.db
      .updateTable("effects")
      .set({ status: "failed", error: describeError(err), updated_at: Date.now() })
      .where("key", "=", key)
      .execute()
      .catch((markErr: unknown) => log.warn("effect.mark_failed_failed", { effectKey: key, errorKind: errorKind(markErr) }));
    throw err;
  }
  return markDone(store, key, value);
}
