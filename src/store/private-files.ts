/**
 * DATA_DIR holds the database and, in the sandbox, the data key: only the user minnow runs as may
 * enter it (0700) or read its files (0600), whatever the umask.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { log } from "../log.js";

/** The directories already reported open to others: the start opens DATA_DIR several times, and one warning says it. */
const warnedDirs = new Set<string>();

/** Creates `dir` (and missing parents) as 0700; warns (once per process) when an existing one is open to others. */
export function ensurePrivateDir(dir: string): void {
  let created: string | undefined;
  try {
    created = mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (created !== undefined) chmodSync(dir, 0o700);
  } catch (cause) {
    throw new Error(`Cannot create the data directory ${dir}: set DATA_DIR to a writable folder.`, { cause });
  }
  if (created !== undefined) return;
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o077) === 0 || warnedDirs.has(dir)) return;
  warnedDirs.add(dir);
  log.warn("store.data_dir_permissive", { path: dir, mode: mode.toString(8), fix: `chmod 700 ${dir}` });
}

/** Creates `path` empty as 0600 when it does not exist yet (before SQLite creates it with the umask's mode). */
export function createPrivateFile(path: string): void {
  closeSync(openSync(path, "a", 0o600));
  chmodSync(path, 0o600);
}

/** Narrows each existing file to 0600; a file minnow does not own is reported, not fatal. */
export function makeFilesPrivate(paths: readonly string[]): void {
  for (const path of paths) {
    if (!existsSync(path)) continue;
    try {
      if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    } catch {
      log.warn("store.file_permissive", { path, fix: `chmod 600 ${path} as its owner` });
    }
  }
}
