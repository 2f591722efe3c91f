import { envPracticeConfig } from "../config/practice.js";
import { buildBoundaryReport, formatBoundaryReport, type HookDestination } from "../runtime/boundary-report.js";
import { cliEnv, print, withStore } from "./cli-env.js";

/** `minnow boundary`: each connector and destination, what flows there, its BAA status and flags; exit 1 on errors. */
export async function runBoundaryCommand(): Promise<number> {
  const env = cliEnv();
  const config = envPracticeConfig(env);
  const hooks: HookDestination[] = await withStore(env, async (store) => {
    const rows = await store.db.selectFrom("hook_subscriptions").select(["id", "target_url", "event"]).where("status", "=", "active").orderBy("id").execute();
    return rows.map((r) => ({ id: r.id, targetUrl: r.target_url, event: r.event }));
  });
  const report = buildBoundaryReport(env, config, hooks);
  print(formatBoundaryReport(report));
  return report.errors > 0 ? 1 : 0;
}
