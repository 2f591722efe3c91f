/**
 * Runs audit appends in a separate OS process against the same database, to prove
 * the chain holds across processes (a second minnow, or the CLI beside the server).
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { appendAudit } from "../../src/store/audit-log.js";
import { openStore, type OpenStoreOptions } from "../../src/store/db.js";
import { parseKeyMaterial } from "../../src/store/keyring.js";
import { openStoreCrypto } from "../../src/store/store-crypto.js";

/** Where the database is, and the data key its audit key is kept under. */
export type AppenderTarget = OpenStoreOptions & { dataKey: string };

const self = fileURLToPath(import.meta.url);

/** Starts the child; resolves with its exit code. */
export function spawnAppender(target: AppenderTarget, count: number): Promise<number | null> {
  const child = spawn(process.execPath, ["--import", "tsx", self, JSON.stringify(target), String(count)], { stdio: ["ignore", "ignore", "inherit"] });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => resolve(code));
  });
}

async function main(targetJson: string, count: number): Promise<void> {
  const { dataKey, ...where } = JSON.parse(targetJson) as AppenderTarget;
  const store = await openStore(where);
  try {
    await openStoreCrypto(store, parseKeyMaterial(dataKey));
    await Promise.all(Array.from({ length: count }, () => appendAudit(store, { actor: "child", action: "message.sent" })));
  } finally {
    await store.close();
  }
}

const [, script, targetJson, count] = process.argv;
if (script === self && targetJson && count) {
  main(targetJson, Number(count)).catch((err: unknown) => {
    process.stderr.write(`audit appender failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
