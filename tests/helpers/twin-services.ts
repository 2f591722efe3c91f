import { openStore } from "../../src/store/db.js";
import { MemorySmsGateway, openTestServices, type TestServices } from "./test-services.js";

/**
 * A second process's services on the same Postgres database as `first`: its own connection pool
 * (so its advisory locks are its own, as another process's would be), the same data key, config
 * and clock, and its own SMS gateway (whose message ids differ from the first's). Disposing it closes only its pool; `first` drops the database.
 */
export async function openTwinServices(first: TestServices, opts: { config?: unknown; env?: Record<string, string> } = {}): Promise<TestServices> {
  const url = first.store.databaseUrl;
  if (!url) throw new Error("A twin needs a Postgres store: open the first services with { dialect: \"postgres\" }.");
  const store = await openStore({ databaseUrl: url, dataDir: first.store.dataDir });
  const twin = await openTestServices({ ...opts, store: { ...store, dataDir: first.store.dataDir, databaseUrl: url, dispose: () => store.close() }, keyMaterial: first.keyMaterial, now: first.clock.now() });
  return { ...twin, sms: new MemorySmsGateway(1_000_000), clock: first.clock, setNow: first.setNow };
}
