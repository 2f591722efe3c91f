import type { Kysely, Migration } from "kysely";

/**
 * Indexes the fan-out bench showed missing: a reminder's prompts are looked up by the
 * appointment they ask about (a full scan per reminder before), and the engine asks for due
 * runs in wake order: with the (workflow_id, wake_at) index SQLite sorted every due run on
 * each poll, so that index gives way to one on wake_at, read in order.
 */
export const hotPathIndexes: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex("prompts_subject_idx").on("prompts").columns(["subject_ref", "kind"]).execute();
    await db.schema.createIndex("workflow_runs_wake_idx").on("workflow_runs").column("wake_at").execute();
    await db.schema.dropIndex("workflow_runs_due_idx").execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex("workflow_runs_due_idx").on("workflow_runs").columns(["workflow_id", "wake_at"]).execute();
    await db.schema.dropIndex("workflow_runs_wake_idx").execute();
    await db.schema.dropIndex("prompts_subject_idx").execute();
  },
};
