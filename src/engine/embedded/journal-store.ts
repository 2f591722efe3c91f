import { sql, type Kysely } from "kysely";
import { prepared } from "../../store/prepared-query.js";
import type { Tables } from "../../store/tables.js";

/** Queries over run_steps and signals: what a run has already done, and what it was sent. */

type Db = Kysely<Tables>;

const selectSteps = prepared((db, v: { runId: string }) => db.selectFrom("run_steps").select(["name", "result"]).where("run_id", "=", v.runId));

export async function loadSteps(db: Db, runId: string): Promise<Map<string, string | null>> {
  const { rows } = await selectSteps.execute(db, { runId });
  return new Map(rows.map((r) => [r.name, r.result]));
}

const insertStep = prepared((db, v: { runId: string; name: string; result: string | null; now: number }) =>
  db
    .insertInto("run_steps")
    .values({ run_id: v.runId, name: v.name, result: v.result, created_at: v.now })
    .onConflict((oc) => oc.columns(["run_id", "name"]).doNothing())
    .returning("name"),
);

/** Records a step's result; the first record wins, so a replay always sees the same value. */
export async function recordStep(db: Db, runId: string, name: string, result: string | null, now: number): Promise<string | null> {
  const { rows: inserted } = await insertStep.execute(db, { runId, name, result, now });
  if (inserted.length > 0) return result;
  const existing = await db.selectFrom("run_steps").select("result").where("run_id", "=", runId).where("name", "=", name).executeTakeFirstOrThrow();
  return existing.result;
}

const signalWaiting = prepared((db, v: { key: string }) => db.selectFrom("signals").select(sql<number>`1`.as("one")).where("key", "=", v.key).where("consumed_by_run", "is", null));

const takeSignal = prepared((db, v: { key: string; runId: string }) =>
  db.updateTable("signals").set({ consumed_by_run: v.runId }).where("key", "=", v.key).where("consumed_by_run", "is", null).returning("payload"),
);

const insertOutcome = prepared((db, v: { runId: string; name: string; result: string; now: number }) =>
  db.insertInto("run_steps").values({ run_id: v.runId, name: v.name, result: v.result, created_at: v.now }),
);

/**
 * Takes an unconsumed signal for `key` and journals it as the wait's outcome in one transaction,
 * so a crash can neither lose the signal nor deliver it twice. Returns the journaled text, or
 * undefined when no signal is there.
 *
 * A wait almost never finds its signal on the first look, so a plain read looks first and the
 * transaction opens only when a signal is there. The read is the same point-in-time check the
 * transaction's update makes: a signal stored after it wakes the suspended run, as before.
 */
export async function consumeSignal(db: Db, runId: string, stepName: string, key: string, now: number): Promise<string | undefined> {
  const { rows: waiting } = await signalWaiting.execute(db, { key });
  if (waiting.length === 0) return undefined;
  return db.transaction().execute(async (trx) => {
    const { rows: taken } = await takeSignal.execute(trx, { key, runId });
    if (!taken[0]) return undefined;
    const outcome = `{"payload":${taken[0].payload ?? "null"}}`;
    await insertOutcome.execute(trx, { runId, name: stepName, result: outcome, now });
    return outcome;
  });
}

const upsertSignal = prepared((db, v: { key: string; payload: string | null; now: number }) =>
  db
    .insertInto("signals")
    .values({ key: v.key, payload: v.payload, received_at: v.now, consumed_by_run: null })
    .onConflict((oc) => oc.column("key").doUpdateSet({ payload: v.payload, received_at: v.now, consumed_by_run: null })),
);

const wakeWaiting = prepared((db, v: { key: string; now: number }) =>
  db.updateTable("workflow_runs").set({ wake_at: v.now, updated_at: v.now }).where("status", "=", "waiting").where("wait_key", "=", v.key),
);

/**
 * Stores a signal (the latest payload wins until one is consumed) and wakes any run waiting on
 * its key. Returns whether a run was waiting.
 */
export async function storeSignal(db: Db, key: string, payload: string | null, now: number): Promise<boolean> {
  await upsertSignal.execute(db, { key, payload, now });
  const woken = await wakeWaiting.execute(db, { key, now });
  return (woken.numAffectedRows ?? 0n) > 0n;
}
