import { buildWorkflows } from "../../workflows/index.js";
import { liveSandboxState, sandboxNow } from "../runtime/sandbox-state.js";
import { queueSync } from "../runtime/sync-now.js";
import { cliEnv, print, withStore } from "./cli-env.js";

/** `minnow sync`: queues a sync for the running job (same DATA_DIR or DATABASE_URL) to pick up. */
export async function runSyncCommand(): Promise<number> {
  const env = cliEnv();
  // A sandbox running on MINNOW_SANDBOX_CLOCK gets the sync due at its own "now".
  const sandbox = liveSandboxState(env.DATA_DIR);
  const { runId } = await withStore(env, (store) => queueSync(env, store, buildWorkflows, sandbox ? sandboxNow(sandbox) : new Date()));
  print(`Queued a sync (run ${runId}); the running job picks it up within a second.`);
  return 0;
}
