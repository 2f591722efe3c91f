import type { Kysely, Migration } from "kysely";

/**
 * Automation recipes (src/automations/recipe.ts): each recipe's numbered versions (a version is
 * never changed), whether new runs start from it, and one row per run with the version it started
 * on, so an edit affects new runs only and the console shows both versions' runs.
 */
export const automations: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable("automation_recipes")
      .addColumn("id", "varchar(60)", (c) => c.primaryKey())
      .addColumn("latest_version", "integer", (c) => c.notNull())
      .addColumn("active", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("shipped", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("automation_recipe_versions")
      .addColumn("recipe_id", "varchar(60)", (c) => c.notNull())
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("definition", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("created_by", "varchar(200)", (c) => c.notNull())
      .addPrimaryKeyConstraint("automation_recipe_versions_pk", ["recipe_id", "version"])
      .execute();
    await db.schema
      .createTable("automation_runs")
      .addColumn("run_key", "varchar(200)", (c) => c.primaryKey())
      .addColumn("recipe_id", "varchar(60)", (c) => c.notNull())
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("subject_ref", "varchar(200)", (c) => c.notNull())
      .addColumn("started_at", "bigint", (c) => c.notNull())
      .addColumn("finished_at", "bigint")
      .addColumn("outcome", "varchar(40)")
      .addColumn("sends", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("reply_intent", "varchar(20)")
      .execute();
    await db.schema.createIndex("automation_runs_recipe").on("automation_runs").columns(["recipe_id", "started_at"]).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ["automation_runs", "automation_recipe_versions", "automation_recipes"]) await db.schema.dropTable(table).ifExists().execute();
  },
};
