import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX_STATE_FILE } from "../../src/runtime/sandbox-state.js";
import { tempDir, type TempDir } from "../runtime/helpers.js";
import { runCli } from "./run-cli.js";

/** `minnow sandbox reset`: deletes the sandbox's files and says which, and refuses where it could lose real data. */
let dir: TempDir;
afterEach(() => dir.cleanup());

function sandboxDataDir(): string {
  dir = tempDir("minnow-reset-");
  mkdirSync(join(dir.dir, "sandbox"));
  for (const name of ["sandbox/ehr.json", "sandbox/outbox.json", "sandbox/anchor.json", "minnow.sqlite", "minnow.sqlite-wal", "minnow-data.key"]) writeFileSync(join(dir.dir, name), "{}");
  return dir.dir;
}

describe("minnow sandbox reset", { timeout: 60_000 }, () => {
  it("deletes the EHR, outbox, anchor and database, names each, and keeps the data key", async () => {
    const data = sandboxDataDir();
    const result = await runCli(["sandbox", "reset"], { DATA_DIR: data });
    expect(result.code).toBe(0);
    for (const name of ["sandbox/ehr.json", "sandbox/outbox.json", "sandbox/anchor.json", "minnow.sqlite", "minnow.sqlite-wal"]) {
      expect(existsSync(join(data, name))).toBe(false);
      expect(result.stdout).toContain(join(data, name));
    }
    expect(result.stdout).toMatch(/the sandbox EHR: patients, appointments, cancellations/);
    expect(existsSync(join(data, "minnow-data.key"))).toBe(true);
    expect(result.stdout).toMatch(/Kept .*minnow-data\.key/);
    expect((await runCli(["sandbox", "reset"], { DATA_DIR: data })).stdout).toMatch(/Nothing to delete/);
  });

  it.each([
    ["a real EHR is configured", { FHIR_BASE_URL: "https://ehr.example.org/fhir" }, /only on the full sandbox/],
    ["DATABASE_URL points elsewhere", { DATABASE_URL: "postgres://u@127.0.0.1:1/db" }, /DATABASE_URL points elsewhere/],
  ])("refuses when %s, and deletes nothing", async (_, extra, message) => {
    const data = sandboxDataDir();
    const result = await runCli(["sandbox", "reset"], { DATA_DIR: data, ...extra });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(existsSync(join(data, "sandbox/ehr.json"))).toBe(true);
    expect(existsSync(join(data, "minnow.sqlite"))).toBe(true);
  });

  it("refuses while a sandbox runs from that DATA_DIR", async () => {
    const data = sandboxDataDir();
    const state = { pid: process.pid, serverUrl: "http://127.0.0.1:1", sender: "+13125550100", outbox: { baseUrl: "http://127.0.0.1:2", accountSid: "AC1" } };
    writeFileSync(join(data, SANDBOX_STATE_FILE), JSON.stringify(state));
    const result = await runCli(["sandbox", "reset"], { DATA_DIR: data });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`process ${process.pid}\\): stop it with Ctrl\\+C first`));
    expect(existsSync(join(data, "sandbox/outbox.json"))).toBe(true);
  });
});
