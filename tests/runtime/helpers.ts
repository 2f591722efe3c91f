import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { loadEnv, type Env } from "../../src/config/env.js";
import { generateKeyMaterial } from "../../src/store/keyring.js";

/** A temp DATA_DIR removed by `cleanup`, and a way to write a practice config into it. */
export interface TempDir {
  dir: string;
  writeConfig(config: unknown): string;
  cleanup(): void;
}

export function tempDir(prefix = "minnow-runtime-"): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    writeConfig(config) {
      const path = join(dir, `practice-${Math.random().toString(36).slice(2, 8)}.yaml`);
      writeFileSync(path, stringify(config));
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** An env as the job would parse it: only what is given, nothing from the test process. */
export function testEnv(vars: Record<string, string>): Env {
  return loadEnv({ LOG_LEVEL: "silent", ...vars });
}

export const TEST_DATA_KEY = generateKeyMaterial();
export const ACUITY_ACK = { signed: false, acknowledgement: { reason: "Scheduling stays in Acuity; risk analysis RA-2026-03 approved it.", by: "Practice manager", date: "2026-02-01" } };
