import { Migrator, sql, type Migration } from "kysely";
import { migrations } from "../../src/store/migrations/index.js";
import { afterEach, describe, expect, it } from "vitest";
import { migrateToLatest, openStore, type Store } from "../../src/store/db.js";
import { openTestStore, testDialects, type TestStore } from "../helpers/test-store.js";

const CORE_TABLES = [
  "contacts", "consents", "phone_verifications", "conversations", "prompts", "outbound_messages", "inbound_messages",
  "waitlist", "slot_claims", "sync_seen", "hook_subscriptions", "hook_deliveries", "events", "audit_log", "api_keys", "store_keys",
];

const provider = (set: Record<string, Migration>) => ({ getMigrations: async (): Promise<Record<string, Migration>> => set });

async function tableNames(store: Store): Promise<string[]> {
  const tables = await store.db.introspection.getTables();
  return tables.map((t) => t.name);
}

describe.each(testDialects())("migrations on %s", (dialect) => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.dispose();
    store = undefined;
  });

  it("creates every core table on a fresh database", async () => {
    store = await openTestStore(dialect);
    const names = await tableNames(store);
    for (const table of CORE_TABLES) expect(names).toContain(table);
  });

  it("re-opens an existing database without re-running or failing migrations, and keeps its rows", async () => {
    store = await openTestStore(dialect);
    await store.db.insertInto("slot_claims").values({ slot_key: "slot-1", patient_ref: "Patient/1", claimed_at: 1 }).execute();
    const again = await openStore(dialect === "sqlite" ? { dataDir: store.dataDir } : { databaseUrl: store.databaseUrl ?? "" });
    try {
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(again.db);
      expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
      expect(applied.rows.length).toBeGreaterThanOrEqual(3);
      const rows = await again.db.selectFrom("slot_claims").selectAll().execute();
      expect(rows).toEqual([{ slot_key: "slot-1", patient_ref: "Patient/1", claimed_at: 1 }]);
    } finally {
      await again.close();
    }
  });

  it("stores epoch milliseconds beyond 2^31 and reads them back as numbers", async () => {
    store = await openTestStore(dialect);
    const at = Date.UTC(2031, 0, 1);
    await store.db.insertInto("slot_claims").values({ slot_key: "s", patient_ref: "p", claimed_at: at }).execute();
    const row = await store.db.selectFrom("slot_claims").select("claimed_at").executeTakeFirstOrThrow();
    expect(row.claimed_at).toBe(at);
  });

  it("applies a migration that landed after a higher-numbered one to a database already past it", async () => {
    store = await openTestStore(dialect);
    const names = Object.keys(migrations).sort();
    // The scenario needs a migration numbered after 007 (010 today).
    expect(names.at(-1)?.startsWith("007")).toBe(false);
    expect((await new Migrator({ db: store.db, provider: provider(migrations) }).migrateTo(names[0] ?? "")).error).toBeUndefined();
    // A database made before 007 landed: every migration but 007a/007b, the last one included.
    const without007 = Object.fromEntries(Object.entries(migrations).filter(([n]) => !n.startsWith("007")));
    expect((await new Migrator({ db: store.db, provider: provider(without007) }).migrateToLatest()).error).toBeUndefined();
    await migrateToLatest(store.db);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
    expect(applied.rows.map((r) => r.name)).toEqual(names);
  });
});
