import { verifyAudit } from "../store/audit-verify.js";
import { loadKeyring } from "../store/keyring.js";
import { openStoreCrypto } from "../store/store-crypto.js";
import { cliEnv, print, printError, withStore } from "./cli-env.js";

/**
 * `minnow audit verify`: walks the sealed hash chain; exit 1 names the first row that was altered,
 * removed or re-linked, or where a truncated tail begins. The seal's key is kept under the data key.
 */
export async function runAuditVerifyCommand(): Promise<number> {
  const env = cliEnv();
  const ring = loadKeyring({ dataKey: env.MINNOW_DATA_KEY, dataDir: env.DATA_DIR, generateIfMissing: false });
  const result = await withStore(env, async (store) => {
    await openStoreCrypto(store, ring);
    return verifyAudit(store);
  });
  if (result.ok) {
    print(`audit log ok: ${result.checked} row(s) verified through row ${result.lastSeq}, chain head ${result.head.slice(0, 16)}…`);
    return 0;
  }
  printError(`audit log BROKEN at row ${result.badSeq}: ${result.reason} (${result.checked} row(s) before it verified). Restore the database from a backup and keep this one for investigation.`);
  return 1;
}
