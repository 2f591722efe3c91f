import type { Kysely, Migration } from "kysely";

/** The embedded engine's journal: runs, step results, signals, effect keys and cron ticks. */
export const engineJournal: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("workflow_runs")
      .addColumn("id", "varchar(64)", (c) => c.primaryKey())
      .addColumn("workflow_id", "varchar(200)", (c) => c.notNull())
      .addColumn("run_key", "varchar(400)", (c) => c.notNull())
      .addColumn("input", "text", (c) => c.notNull())
      .addColumn("status", "varchar(16)", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("wake_at", "bigint")
      .addColumn("lease_until", "bigint")
      .addColumn("lease_owner", "varchar(64)")
      .addColumn("wait_key", "varchar(400)")
      .addColumn("error", "text")
      .addColumn("output", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .addUniqueConstraint("workflow_runs_workflow_key_uq", ["workflow_id", "run_key"])
      .execute();
    // The claim query: due runs of the known workflows, oldest first. wake_at is only set on
    // pending, sleeping and waiting runs, and the leading workflow_id keeps the planner off the
    // (workflow_id, run_key) unique index, which would scan every run of the workflow.
    await db.schema.createIndex("workflow_runs_due_idx").on("workflow_runs").columns(["workflow_id", "wake_at"]).execute();
    await db.schema.createIndex("workflow_runs_lease_idx").on("workflow_runs").columns(["status", "lease_until"]).execute();
    await db.schema.createIndex("workflow_runs_wait_key_idx").on("workflow_runs").columns(["wait_key"]).execute();

    await db.schema
      .createTable("run_steps")
      .addColumn("run_id", "varchar(64)", (c) => c.notNull())
      .addColumn("name", "varchar(400)", (c) => c.notNull())
      .addColumn("result", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("run_steps_pk", ["run_id", "name"])
      .execute();

    await db.schema
      .createTable("signals")
      .addColumn("key", "varchar(400)", (c) => c.primaryKey())
      .addColumn("payload", "text")
      .addColumn("received_at", "bigint", (c) => c.notNull())
      .addColumn("consumed_by_run", "varchar(64)")
      .execute();

    await db.schema
      .createTable("effects")
      .addColumn("key", "varchar(400)", (c) => c.primaryKey())
      .addColumn("status", "varchar(16)", (c) => c.notNull())
      .addColumn("result", "text")
      .addColumn("error", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("schedule_ticks")
      .addColumn("workflow_id", "varchar(200)", (c) => c.notNull())
      .addColumn("tick_at", "bigint", (c) => c.notNull())
      .addColumn("run_id", "varchar(64)", (c) => c.notNull())
      .addPrimaryKeyConstraint("schedule_ticks_pk", ["workflow_id", "tick_at"])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ["schedule_ticks", "effects", "signals", "run_steps", "workflow_runs"]) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
