import { Migrator, type Migration } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { migrateToLatest } from "../../src/store/db.js";
import { migrations } from "../../src/store/migrations/index.js";
import { openTestStore, testDialects, type TestStore } from "../helpers/test-store.js";

const names = Object.keys(migrations).sort();
const provider = (set: Record<string, Migration>) => ({ getMigrations: async (): Promise<Record<string, Migration>> => set });

describe.each(testDialects())("migrations landing out of number order on %s", (dialect) => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.dispose();
    store = undefined;
  });

  it("applies a lower-numbered migration to a database already past it", async () => {
    store = await openTestStore(dialect);
    // The scenario needs a migration numbered after 007 (010 today).
    expect(names.at(-1)?.startsWith("007")).toBe(false);
    expect((await new Migrator({ db: store.db, provider: provider(migrations) }).migrateTo(names[0] ?? "")).error).toBeUndefined();
    // A database made before 007 landed: every migration but 007a/007b, the last one included.
    const without007 = Object.fromEntries(Object.entries(migrations).filter(([n]) => !n.startsWith("007")));
    expect((await new Migrator({ db: store.db, provider: provider(without007) }).migrateToLatest()).error).toBeUndefined();
    await migrateToLatest(store.db);
    const applied = (await new Migrator({ db: store.db, provider: provider(migrations) }).getMigrations()).filter((m) => m.executedAt);
    expect(applied.map((m) => m.name).sort()).toEqual(names);
  });
});
