import { loadEnv, type Env } from "../config/env.js";
import { setLogLevel } from "../log.js";
import { openStore, type Store } from "../store/db.js";

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

export const print = (text: string): void => void process.stdout.write(text.endsWith("\n") ? text : text + "\n");
export const printError = (text: string): void => void process.stderr.write(text.endsWith("\n") ? text : text + "\n");
