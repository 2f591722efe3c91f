import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { RecipeSchema } from "../../src/automations/recipe.js";
import { startSandboxEhr, type SandboxEhr } from "../../src/sandbox/ehr-server.js";
import { saveRecipeVersion } from "../../src/store/automation-recipes.js";
import { openStore } from "../../src/store/db.js";
import { tempDir, type TempDir } from "../runtime/helpers.js";
import { runCli } from "./run-cli.js";

/** `minnow automations simulate` against a real FHIR server (the sandbox EHR over HTTP), as a user runs it. */
const RECIPE = RecipeSchema.parse({
  name: "Day-before note",
  trigger: { on: "appointment.booked" },
  steps: [
    { id: "wait-1", kind: "wait", duration: "24h", from: "appointment.start", direction: "before" },
    { id: "send-1", kind: "send", purpose: "appointment-reminder", template: { en: "{{practice.name}}: see you tomorrow. Reply STOP to opt out." } },
  ],
});

let dir: TempDir | undefined;
let ehr: SandboxEhr | undefined;
afterEach(async () => {
  await ehr?.close();
  dir?.cleanup();
  ehr = undefined;
  dir = undefined;
});

async function setUp(): Promise<Record<string, string>> {
  dir = tempDir();
  ehr = await startSandboxEhr({ port: 0, seed: 5, size: { patients: 6, appointments: 8 } });
  const store = await openStore({ dataDir: dir.dir });
  await saveRecipeVersion(store, "day-before", RECIPE, { by: "test", at: new Date() });
  await store.close();
  return { DATA_DIR: dir.dir, FHIR_BASE_URL: ehr.baseUrl, MINNOW_DATA_KEY: randomBytes(32).toString("base64") };
}

describe("minnow automations simulate", { timeout: 90_000 }, () => {
  it("prints the dry-run table for the schedule's booked appointments, masked, and sends nothing", async () => {
    const env = await setUp();
    const result = await runCli(["automations", "simulate", "day-before", "--days", "7"], env, 60_000);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Dry run of "Day-before note" \(version 1, off\) over the next 7 day\(s\): nothing was sent\./m);
    expect(result.stdout).toMatch(/^When\s+Who\s+Step\s+Language\s+Outcome\s+Why$/m);
    const rows = result.stdout.split("\n").filter((line) => line.includes("send-1"));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/phone ending \d{4}\s+send-1\s+en\s+(would-send|deferred|skipped)\s+(would send|deferred:|skipped:)/);
    expect(result.stdout).not.toMatch(/\+1\d{10}/);
    expect(result.stdout).toMatch(new RegExp(`^${rows.length} text\\(s\\): \\d+ would-send, \\d+ deferred, \\d+ skipped\\.$`, "m"));
  });

  it("names the problem when the automation does not exist or the days are not a whole number", async () => {
    const env = await setUp();
    const missing = await runCli(["automations", "simulate", "no-such-thing"], env, 60_000);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/There is no automation "no-such-thing"/);
    const badDays = await runCli(["automations", "simulate", "day-before", "--days", "1.5"], env, 60_000);
    expect(badDays.code).toBe(2);
    expect(badDays.stderr).toMatch(/--days takes a whole number from 1 to 90 \(got "1\.5"\)/);
  });
});
