import { loadEnv, type Env } from "../config/env.js";
import { setLogLevel } from "../log.js";
import { isFullSandbox, runtimeModes } from "../runtime/sandbox-mode.js";
import { openStore, type Store } from "../store/db.js";
import { loadKeyring } from "../store/keyring.js";
import { openStoreCrypto } from "../store/store-crypto.js";

/** The environment for a one-shot command: parsed once, with the configured log level. */
export function cliEnv(): Env {
  const env = loadEnv();
  setLogLevel(env.LOG_LEVEL);
  return env;
}

/** Opens the configured store for the length of `fn`. */
export async function withStore<T>(env: Env, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ dataDir: env.DATA_DIR, ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}) });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/**
 * Opens the store with its keys, for a command that writes audit rows (they are sealed under a
 * key kept with the data key). As at `npm start`, a key is generated only in the full sandbox.
 */
export async function withAuditedStore<T>(env: Env, fn: (store: Store) => Promise<T>): Promise<T> {
  const ring = loadKeyring({ dataKey: env.MINNOW_DATA_KEY, dataDir: env.DATA_DIR, generateIfMissing: isFullSandbox(runtimeModes(env)) });
  return withStore(env, async (store) => {
    await openStoreCrypto(store, ring);
    return fn(store);
  });
}

export const print = (text: string): void => void process.stdout.write(text.endsWith("\n") ? text : text + "\n");
export const printError = (text: string): void => void process.stderr.write(text.endsWith("\n") ? text : text + "\n");
