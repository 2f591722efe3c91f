import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Where the sandbox keeps its state between starts, under DATA_DIR/sandbox/: the EHR's resources
 * (with their versions), the outbox's texts, and the instant and zone the schedule is anchored to.
 * Synthetic data only; `minnow sandbox reset` deletes the folder.
 */
export const SANDBOX_FOLDER = "sandbox";

export interface SandboxFiles {
  folder: string;
  ehr: string;
  outbox: string;
  anchor: string;
}

export function sandboxFiles(dataDir: string): SandboxFiles {
  const folder = join(dataDir, SANDBOX_FOLDER);
  return { folder, ehr: join(folder, "ehr.json"), outbox: join(folder, "outbox.json"), anchor: join(folder, "anchor.json") };
}

/** Written whole to a temporary file, then renamed over the old one: a crash never leaves half a file. */
export function writeJsonFile(path: string, value: unknown): void {
  mkdirSync(join(path, ".."), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(value), { mode: 0o600 });
  renameSync(temporary, path);
}

/** The parsed file, or undefined when there is none yet. A file that does not parse is an error that names it. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`Could not read the sandbox file ${path}`, { cause: err });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new Error(`The sandbox file ${path} is damaged; start over with \`npx minnow sandbox reset\``, { cause });
  }
}
