import { verifyAudit } from "../store/audit-log.js";
import { cliEnv, print, printError, withStore } from "./cli-env.js";

/** `minnow audit verify`: walks the hash chain; exit 1 names the first row that was altered, removed or re-linked. */
export async function runAuditVerifyCommand(): Promise<number> {
  const env = cliEnv();
  const result = await withStore(env, (store) => verifyAudit(store));
  if (result.ok) {
    print(`audit log ok: ${result.checked} row(s) verified, chain head ${result.head.slice(0, 16)}…`);
    return 0;
  }
  printError(`audit log BROKEN at row ${result.badSeq}: ${result.reason} (${result.checked} row(s) before it verified). Restore the database from a backup and keep this one for investigation.`);
  return 1;
}
