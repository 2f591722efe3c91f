import type { Store } from "./db.js";

/**
 * One row per automation run (migration 013): the recipe version it started on, its subject (a
 * reference), how many texts it sent, the reply it got and how it ended. The console's counts and
 * per-recipe history read it. The run key is the engine's start key, so a retried start records once.
 */
export type AutomationRunTables = {
  automation_runs: {
    run_key: string;
    recipe_id: string;
    version: number;
    subject_ref: string;
    started_at: number;
    finished_at: number | null;
    outcome: string | null;
    sends: number;
    reply_intent: string | null;
  };
};

type StoreDb = Pick<Store, "db">;

export interface AutomationRun {
  runKey: string;
  recipeId: string;
  version: number;
  subjectRef: string;
  startedAt: Date;
  finishedAt: Date | null;
  /** "completed", "stopped", "stood-down" (the trigger no longer holds), "failed"; null while running. */
  outcome: string | null;
  sends: number;
  replyIntent: string | null;
}

export interface AutomationCounts {
  runs: number;
  sends: number;
  replies: Record<string, number>;
}

export async function recordRunStarted(store: StoreDb, run: { runKey: string; recipeId: string; version: number; subjectRef: string; at: Date }): Promise<void> {
  await store.db
    .insertInto("automation_runs")
    .values({ run_key: run.runKey, recipe_id: run.recipeId, version: run.version, subject_ref: run.subjectRef, started_at: run.at.getTime(), finished_at: null, outcome: null, sends: 0, reply_intent: null })
    .onConflict((oc) => oc.column("run_key").doNothing())
    .execute();
}

/** Call inside the run's memoized send step, so a replay does not count twice. */
export async function recordRunSend(store: StoreDb, runKey: string): Promise<void> {
  await store.db.updateTable("automation_runs").set((eb) => ({ sends: eb("sends", "+", 1) })).where("run_key", "=", runKey).execute();
}

export async function recordRunReply(store: StoreDb, runKey: string, intent: string): Promise<void> {
  await store.db.updateTable("automation_runs").set({ reply_intent: intent }).where("run_key", "=", runKey).execute();
}

export async function recordRunFinished(store: StoreDb, runKey: string, outcome: string, at: Date): Promise<void> {
  await store.db.updateTable("automation_runs").set({ outcome, finished_at: at.getTime() }).where("run_key", "=", runKey).where("finished_at", "is", null).execute();
}

export async function recipeRunCounts(store: StoreDb, recipeId: string): Promise<AutomationCounts> {
  const rows = await store.db.selectFrom("automation_runs").select(["sends", "reply_intent"]).where("recipe_id", "=", recipeId).execute();
  const replies: Record<string, number> = {};
  let sends = 0;
  for (const row of rows) {
    sends += Number(row.sends);
    if (row.reply_intent) replies[row.reply_intent] = (replies[row.reply_intent] ?? 0) + 1;
  }
  return { runs: rows.length, sends, replies };
}

/** The recipe's runs, newest first, every version included. */
export async function recipeRunHistory(store: StoreDb, recipeId: string, limit = 100): Promise<AutomationRun[]> {
  const rows = await store.db.selectFrom("automation_runs").selectAll().where("recipe_id", "=", recipeId).orderBy("started_at", "desc").limit(limit).execute();
  return rows.map((row) => ({
    runKey: row.run_key,
    recipeId: row.recipe_id,
    version: Number(row.version),
    subjectRef: row.subject_ref,
    startedAt: new Date(Number(row.started_at)),
    finishedAt: row.finished_at === null ? null : new Date(Number(row.finished_at)),
    outcome: row.outcome,
    sends: Number(row.sends),
    replyIntent: row.reply_intent,
  }));
}
