import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { openStore } from "../../src/store/db.js";
import { savePracticeConfigVersion } from "../../src/store/practice-config-versions.js";
import { tempDir, type TempDir } from "../runtime/helpers.js";
import { runCli } from "./run-cli.js";

let dir: TempDir | undefined;
afterEach(() => dir?.cleanup());

describe("minnow config export", () => {
  it("prints the config file (every key, defaults filled) before anything is stored, then the newest stored version, console edits included", async () => {
    dir = tempDir();
    const env = { DATA_DIR: dir.dir, MINNOW_CONFIG: dir.writeConfig({ caps: { perWeek: 3 }, practice: { name: "Lakeside Clinic" } }) };
    const fromFile = await runCli(["config", "export"], env);
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toContain("the config file (nothing stored yet)");
    const first = parse(fromFile.stdout) as { caps: { perWeek: number; perDay: number }; practice: { name: string } };
    expect(first.caps).toEqual({ perDay: 1, perWeek: 3 });
    expect(first.practice.name).toBe("Lakeside Clinic");

    const store = await openStore({ dataDir: dir.dir });
    await savePracticeConfigVersion(store, { raw: { caps: { perWeek: 2 }, practice: { name: "Lakeside Clinic" } }, by: "staff:mgr-1", at: new Date("2026-12-01T15:00:00Z") });
    await store.close();
    const stored = await runCli(["config", "export"], env);
    expect(stored.stdout).toContain("stored version 1, saved 2026-12-01T15:00:00.000Z by staff:mgr-1");
    expect((parse(stored.stdout) as { caps: { perWeek: number } }).caps.perWeek).toBe(2);
  });
});
