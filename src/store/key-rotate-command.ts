import { openStore } from "./db.js";
import { formatRotationReport, rotateDataKey } from "./key-rotation.js";
import { loadKeyring } from "./keyring.js";

export interface KeyRotateCommandOptions {
  /** From src/config: DATA_DIR, DATABASE_URL, MINNOW_DATA_KEY. */
  dataDir: string;
  databaseUrl?: string;
  dataKey?: string;
  print?: (line: string) => void;
}

/** `minnow keys rotate`: re-encrypts everything under the first key of MINNOW_DATA_KEY. Exit code 1 if any value failed. */
export async function runKeyRotateCommand(opts: KeyRotateCommandOptions): Promise<number> {
  const print = opts.print ?? ((line: string) => process.stdout.write(line + "\n"));
  // Never generate here: a fresh key would make every existing value unreadable.
  const ring = loadKeyring({ dataKey: opts.dataKey, dataDir: opts.dataDir, generateIfMissing: false });
  const store = await openStore({ dataDir: opts.dataDir, ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}) });
  try {
    const report = await rotateDataKey(store, ring);
    print(formatRotationReport(report));
    return report.failed.length === 0 ? 0 : 1;
  } finally {
    await store.close();
  }
}
