import { RecipeSchema, type Recipe, type RecipeTriggerKind, type StoredRecipe } from "../automations/recipe.js";
import type { Store } from "./db.js";

/**
 * Automation recipes and their numbered versions (migration 013). Saving a changed definition adds
 * the next version; a run reads the version it started with, so edits affect new runs only.
 * Activation here is only the switch: callers check the recipe first (lint and the BAA boundary).
 */
export type AutomationTables = {
  automation_recipes: { id: string; latest_version: number; active: number; shipped: number; updated_at: number };
  automation_recipe_versions: { recipe_id: string; version: number; definition: string; created_at: number; created_by: string };
};

type StoreDb = Pick<Store, "db">;

export const RECIPE_ID_PATTERN = /^[a-z][a-z0-9-]{0,59}$/;

export class RecipeNotFoundError extends Error {
  override name = "RecipeNotFoundError";
  constructor(readonly recipeId: string) {
    super(`There is no automation "${recipeId}".`);
  }
}

function parseDefinition(text: string): Recipe {
  return RecipeSchema.parse(JSON.parse(text));
}

/** The recipe's version `version`, or null when there is no such version. */
export async function getRecipeVersion(store: StoreDb, id: string, version: number): Promise<Recipe | null> {
  const row = await store.db.selectFrom("automation_recipe_versions").select("definition").where("recipe_id", "=", id).where("version", "=", version).executeTakeFirst();
  return row ? parseDefinition(row.definition) : null;
}

/** The recipe with its newest version, or null. */
export async function getRecipe(store: StoreDb, id: string): Promise<StoredRecipe | null> {
  const head = await store.db.selectFrom("automation_recipes").selectAll().where("id", "=", id).executeTakeFirst();
  if (!head) return null;
  const recipe = await getRecipeVersion(store, id, Number(head.latest_version));
  if (!recipe) return null;
  return { id, version: Number(head.latest_version), active: Number(head.active) === 1, shipped: Number(head.shipped) === 1, recipe, updatedAt: new Date(Number(head.updated_at)) };
}

/** Every recipe, newest version each, by id. */
export async function listRecipes(store: StoreDb): Promise<StoredRecipe[]> {
  const heads = await store.db.selectFrom("automation_recipes").select("id").orderBy("id").execute();
  const recipes = await Promise.all(heads.map((head) => getRecipe(store, head.id)));
  return recipes.filter((recipe): recipe is StoredRecipe => recipe !== null);
}

/**
 * Stores `recipe` as the recipe's next version (version 1 creates it) and returns the result. An
 * unchanged definition adds no version. `shipped` marks the examples minnow ships (disabled).
 */
export async function saveRecipeVersion(store: StoreDb, id: string, recipe: Recipe, meta: { by: string; at: Date; shipped?: boolean }): Promise<StoredRecipe> {
  if (!RECIPE_ID_PATTERN.test(id)) throw new Error(`An automation id is lower-case letters, digits and dashes (got "${id}").`);
  const definition = JSON.stringify(RecipeSchema.parse(recipe));
  const current = await getRecipe(store, id);
  if (current && JSON.stringify(current.recipe) === definition) return current;
  const version = (current?.version ?? 0) + 1;
  await store.db.transaction().execute(async (trx) => {
    await trx.insertInto("automation_recipe_versions").values({ recipe_id: id, version, definition, created_at: meta.at.getTime(), created_by: meta.by }).execute();
    if (current) {
      await trx.updateTable("automation_recipes").set({ latest_version: version, updated_at: meta.at.getTime() }).where("id", "=", id).where("latest_version", "=", current.version).execute();
    } else {
      await trx.insertInto("automation_recipes").values({ id, latest_version: version, active: 0, shipped: meta.shipped ? 1 : 0, updated_at: meta.at.getTime() }).execute();
    }
  });
  const saved = await getRecipe(store, id);
  if (!saved) throw new Error(`Automation "${id}" was saved but cannot be read back.`);
  return saved;
}

/** Turns new runs on or off. Runs already started finish on their own version either way. */
export async function setRecipeActive(store: StoreDb, id: string, active: boolean, at: Date): Promise<void> {
  const result = await store.db.updateTable("automation_recipes").set({ active: active ? 1 : 0, updated_at: at.getTime() }).where("id", "=", id).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new RecipeNotFoundError(id);
}

/** Every active recipe, each at its newest version. */
export async function activeRecipes(store: StoreDb): Promise<StoredRecipe[]> {
  const heads = await store.db.selectFrom("automation_recipes").select("id").where("active", "=", 1).orderBy("id").execute();
  const recipes = await Promise.all(heads.map((head) => getRecipe(store, head.id)));
  return recipes.filter((stored): stored is StoredRecipe => stored !== null);
}

/** The active recipes a trigger of this kind starts, each at its newest version. */
export async function activeRecipesFor(store: StoreDb, kind: RecipeTriggerKind): Promise<StoredRecipe[]> {
  return (await activeRecipes(store)).filter((stored) => stored.recipe.trigger.on === kind);
}
