import { afterEach, describe, expect, it } from "vitest";
import { tempDir, type TempDir } from "../runtime/helpers.js";
import { runCli } from "./run-cli.js";

let dir: TempDir;
afterEach(() => dir?.cleanup());

describe("minnow templates lint", { timeout: 60_000 }, () => {
  it("passes on the built-in templates", async () => {
    dir = tempDir();
    const result = await runCli(["templates", "lint"], { DATA_DIR: dir.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/template\(s\) checked \(built-in \(no MINNOW_CONFIG\)\): 0 error\(s\)/);
  });

  it("fails on a configured template that asks patients to reply CANCEL, naming it and the rule", async () => {
    dir = tempDir();
    const config = dir.writeConfig({ templates: { "appointment-confirm-request": { en: "{{practice.name}}: Reply C to confirm or CANCEL to cancel. Reply STOP to opt out." } } });
    const result = await runCli(["templates", "lint"], { DATA_DIR: dir.dir, MINNOW_CONFIG: config });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/ERROR\s+templates\.appointment-confirm-request\.en: \[opt-out-keyword-conflict\]/);
    expect(result.stdout).toMatch(/[1-9]\d* error\(s\)/);
  });

  it("passes on a configured template that follows the rules", async () => {
    dir = tempDir();
    const config = dir.writeConfig({ templates: { "appointment-reminder": { es: "{{practice.name}}: Le esperamos {{appointment.start | datetime}}. Responda STOP para no recibir mensajes." } } });
    const result = await runCli(["templates", "lint"], { DATA_DIR: dir.dir, MINNOW_CONFIG: config });
    expect(result.stdout).toMatch(/built-in and .*practice-.*\.yaml\): 0 error\(s\)/);
    expect(result.code).toBe(0);
  });

  it("exits 1 with the path and the fix when the config file is not valid", async () => {
    dir = tempDir();
    const config = dir.writeConfig({ reminders: { touches: ["soon"] } });
    const result = await runCli(["templates", "lint"], { DATA_DIR: dir.dir, MINNOW_CONFIG: config });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/reminders\.touches\.0: must be a duration like "72h"/);
  });
});
