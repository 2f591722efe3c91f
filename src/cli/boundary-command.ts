import { envPracticeConfig } from "../config/practice.js";
import { activeHookDestinations, buildBoundaryReport, formatBoundaryReport } from "../runtime/boundary-report.js";
import { loadLatestPracticeConfig } from "../store/practice-config-versions.js";
import { cliEnv, print, withStore } from "./cli-env.js";

/**
 * `minnow boundary`: each connector and destination, what flows there, its BAA status and flags;
 * exit 1 on errors. It reads the config in force (the newest stored version, so an attestation
 * recorded in the console counts), or the config file before the job's first start.
 */
export async function runBoundaryCommand(): Promise<number> {
  const env = cliEnv();
  const { config, hooks } = await withStore(env, async (store) => ({ config: (await loadLatestPracticeConfig(store))?.config ?? envPracticeConfig(env), hooks: await activeHookDestinations(store) }));
  const report = buildBoundaryReport(env, config, hooks);
  print(formatBoundaryReport(report));
  return report.errors > 0 ? 1 : 0;
}
