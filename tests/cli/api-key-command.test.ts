import { afterEach, describe, expect, it } from "vitest";
import { findApiKey } from "../../src/store/api-keys.js";
import { openStore } from "../../src/store/db.js";
import { tempDir, type TempDir } from "../runtime/helpers.js";
import { runCli } from "./run-cli.js";

let dir: TempDir;
afterEach(() => dir?.cleanup());

describe("minnow api-key create", { timeout: 60_000 }, () => {
  it("prints a key once that the store then recognizes with its scope", async () => {
    dir = tempDir();
    const result = await runCli(["api-key", "create", "--scope", "read", "--label", "zapier"], { DATA_DIR: dir.dir });
    expect(result.code).toBe(0);
    const key = /^(mk_\S+)$/m.exec(result.stdout)?.[1];
    expect(key).toBeDefined();
    const store = await openStore({ dataDir: dir.dir });
    try {
      const found = await findApiKey(store, key ?? "");
      expect(found).toMatchObject({ scope: "read", label: "zapier" });
    } finally {
      await store.close();
    }
  });

  it.each([[["api-key", "create"]], [["api-key", "create", "--scope", "admin"]]])("refuses %j with usage and exit 2", async (args) => {
    dir = tempDir();
    const result = await runCli(args, { DATA_DIR: dir.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--scope read\|write/);
  });
});
