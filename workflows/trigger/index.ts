import { loadEnv } from "../../src/config/env.js";
import type { TriggerDeps } from "../../src/engine/trigger/index.js";
import { openStore, type Store } from "../../src/store/db.js";

/**
 * Trigger.dev task bindings: Trigger.dev indexes the tasks exported from this folder. The
 * workflows are bound in tasks.ts; this file holds what every binding shares (the store).
 */

let opening: Promise<Store> | undefined;

/** Task machines are ephemeral, so on Trigger.dev the store must be Postgres (DATABASE_URL). */
function workerStore(): Promise<Store> {
  opening ??= (async () => {
    const env = loadEnv();
    if (!env.DATABASE_URL) {
      throw new Error("Workflows on Trigger.dev need DATABASE_URL (Postgres): a task machine's disk does not outlive the run.");
    }
    return openStore({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  })().catch((err: unknown) => {
    opening = undefined; // let the next attempt try again
    throw err;
  });
  return opening;
}

export const triggerDeps: TriggerDeps = { store: workerStore };
