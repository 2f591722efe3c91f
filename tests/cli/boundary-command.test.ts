import { afterEach, describe, expect, it } from "vitest";
import { ACUITY_ACK, tempDir, type TempDir } from "../runtime/helpers.js";
import { runCli } from "./run-cli.js";

const ACUITY = { ACUITY_USER_ID: "12345", ACUITY_API_KEY: "acuity-key" };
let dir: TempDir;
afterEach(() => dir?.cleanup());

describe("minnow boundary", { timeout: 60_000 }, () => {
  it("exits 1 when Acuity is configured without an acknowledgement, naming the flow", async () => {
    dir = tempDir();
    const result = await runCli(["boundary"], { DATA_DIR: dir.dir, ...ACUITY });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/ERROR\s+phi-outside-baa: contact, first-name, schedule, financial would go to Acuity/);
  });

  it("exits 0 once the practice records an acknowledgement", async () => {
    dir = tempDir();
    const config = dir.writeConfig({ baa: { acuity: ACUITY_ACK } });
    const result = await runCli(["boundary"], { DATA_DIR: dir.dir, MINNOW_CONFIG: config, ...ACUITY });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/no BAA; acknowledged by Practice manager on 2026-02-01/);
    expect(result.stdout).toMatch(/0 error\(s\), 1 warning\(s\)/);
  });

  it("exits 0 in the sandbox, listing the local stand-ins", async () => {
    dir = tempDir();
    const result = await runCli(["boundary"], { DATA_DIR: dir.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/local: sandbox EHR/);
    expect(result.stdout).toMatch(/local: sandbox SMS outbox/);
  });
});
