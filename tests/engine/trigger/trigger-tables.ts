import type { Kysely } from "kysely";
import { triggerTokens } from "../../../src/store/migrations/003-trigger-tokens.js";
import { migrations } from "../../../src/store/migrations/index.js";
import type { Store } from "../../../src/store/db.js";

/** Applies the adapter's migration to a test store until the lead adds it to the registry. */
export async function ensureTriggerTables(store: Store): Promise<void> {
  if (Object.values(migrations).includes(triggerTokens)) return;
  await triggerTokens.up(store.db as unknown as Kysely<unknown>);
}
