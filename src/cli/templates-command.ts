import { envPracticeConfig } from "../config/practice.js";
import { lintAllTemplates } from "../messaging/template-lint.js";
import { cliEnv, print } from "./cli-env.js";

/** `minnow templates lint`: every built-in and configured template through lintTemplate; exit 1 on any error. */
export async function runTemplatesLintCommand(): Promise<number> {
  const env = cliEnv();
  const reports = lintAllTemplates(envPracticeConfig(env));
  let errors = 0;
  let warnings = 0;
  for (const report of reports) {
    for (const finding of report.findings) {
      if (finding.severity === "error") errors++;
      else warnings++;
      print(`${finding.severity === "error" ? "ERROR  " : "warning"} ${report.template}: [${finding.rule}] ${finding.message}`);
    }
  }
  const configured = env.MINNOW_CONFIG ?? (env.MINNOW_CONFIG_YAML ? "MINNOW_CONFIG_YAML" : undefined);
  const source = configured ? `built-in and ${configured}` : "built-in (no MINNOW_CONFIG)";
  print(`${reports.length} template(s) checked (${source}): ${errors} error(s), ${warnings} warning(s)`);
  return errors > 0 ? 1 : 0;
}
