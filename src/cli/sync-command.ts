import { buildWorkflows } from "../../workflows/index.js";
import { queueSync } from "../runtime/sync-now.js";
import { cliEnv, print, withStore } from "./cli-env.js";

/** `minnow sync`: queues a sync for the running job (same DATA_DIR or DATABASE_URL) to pick up. */
export async function runSyncCommand(): Promise<number> {
  const env = cliEnv();
  const { runId } = await withStore(env, (store) => queueSync(env, store, buildWorkflows));
  print(`Queued a sync (run ${runId}); the running job picks it up within a second.`);
  return 0;
}
