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

  it("lists an HL7 feed as the practice's own interface engine, inside the boundary, with its transport", async () => {
    dir = tempDir();
    const result = await runCli(["boundary"], { DATA_DIR: dir.dir, HL7_MLLP_PORT: "2575", HL7_MLLP_HOST: "0.0.0.0", HL7_MLLP_ALLOW: "10.1.2.3" });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/HL7 v2 SIU feed \(the practice's own interface engine\) \[hl7, connector\]/);
    expect(result.stdout).toMatch(/status:\s+BAA signed \(the practice's own interface engine\)/);
    expect(result.stdout).toMatch(/no TLS: keep it on a private network\) to 0\.0\.0\.0:2575, from 10\.1\.2\.3 only/);
  });

  it("exits 0 in the sandbox, listing the local stand-ins", async () => {
    dir = tempDir();
    const result = await runCli(["boundary"], { DATA_DIR: dir.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/local: sandbox EHR/);
    expect(result.stdout).toMatch(/local: sandbox SMS outbox/);
  });
});
