import { stringify } from "yaml";
import { envPracticeConfig } from "../config/practice.js";
import { loadLatestPracticeConfig } from "../store/practice-config-versions.js";
import { cliEnv, print, withStore } from "./cli-env.js";

/**
 * `minnow config export`: the practice config in force as YAML (every key, defaults filled in),
 * so a practice can keep it in git or use it as its config file. It is the newest stored version
 * (console edits included), or the config file before the job's first start.
 */
export async function runConfigExportCommand(): Promise<number> {
  const env = cliEnv();
  const latest = await withStore(env, (store) => loadLatestPracticeConfig(store));
  const config = latest?.config ?? envPracticeConfig(env);
  const origin = latest ? `stored version ${latest.version}, saved ${latest.createdAt.toISOString()} by ${latest.createdBy}` : "the config file (nothing stored yet)";
  print(`# minnow practice config in force: ${origin}\n${stringify(config)}`);
  return 0;
}
