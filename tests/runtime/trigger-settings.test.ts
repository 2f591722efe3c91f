import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { triggerEnvironmentOf } from "../../src/engine/trigger/settings.js";
import { setLogLevel } from "../../src/log.js";
import { startMainJob, type MainJob } from "../../src/runtime/main-job.js";
import { buildWorkflows } from "../../workflows/index.js";
import { FAKE_TRIGGER_URL, FakeTriggerPlatform } from "../engine/trigger/fake-platform.js";
import { tempDir, testEnv, type TempDir } from "./helpers.js";

let dir: TempDir;
let job: MainJob | undefined;
let platform: FakeTriggerPlatform | undefined;
beforeAll(() => setLogLevel("silent"));
afterEach(async () => {
  await job?.stop();
  platform?.close();
  job = undefined;
  platform = undefined;
  dir?.cleanup();
});
afterAll(() => setLogLevel("info"));

async function startOnTrigger(config: unknown): Promise<FakeTriggerPlatform> {
  dir = tempDir();
  const fake = new FakeTriggerPlatform({ now: () => new Date() });
  platform = fake;
  const env = testEnv({ DATA_DIR: dir.dir, PORT: "0", MINNOW_CONFIG: dir.writeConfig(config), TRIGGER_SECRET_KEY: "tr_prod_fake_secret", TRIGGER_API_URL: FAKE_TRIGGER_URL });
  job = await startMainJob(env, { workflows: buildWorkflows });
  return fake;
}

describe("the main job on Trigger.dev", () => {
  it("attaches the sync schedule at sync.intervalMinutes and sets the concurrency limits from the config, once per environment", async () => {
    const fake = await startOnTrigger({ sync: { intervalMinutes: 15 }, queues: { ehrReads: 4, sends: 7 } });
    expect([...fake.state.schedules.values()]).toEqual([expect.objectContaining({ task: "sync", cron: "*/15 * * * *", timezone: "UTC", deduplicationKey: "minnow:prod:sync" })]);
    expect(Object.fromEntries(fake.state.limitOverrides)).toEqual({ "minnow-ehr-reads": 4, "minnow-sends": 7 });
    expect(fake.state.requests.filter((r) => r.endpoint === "trigger").map((r) => r.params.taskId)).toEqual(["sync"]); // the first sync
  });

  it("updates the same schedule, not a second one, when the interval changes at the next start", async () => {
    const fake = await startOnTrigger({ sync: { intervalMinutes: 5 } });
    await job?.stop();
    job = await startMainJob(testEnv({ DATA_DIR: dir.dir, PORT: "0", MINNOW_CONFIG: dir.writeConfig({ sync: { intervalMinutes: 120 } }), TRIGGER_SECRET_KEY: "tr_prod_fake_secret", TRIGGER_API_URL: FAKE_TRIGGER_URL }), { workflows: buildWorkflows });
    expect([...fake.state.schedules.values()].map((s) => s.cron)).toEqual(["0 */2 * * *"]);
  });
});

describe("triggerEnvironmentOf", () => {
  it.each([
    ["tr_dev_abc", "dev"],
    ["tr_prod_abc", "prod"],
    ["tr_stg_abc", "stg"],
    ["not-a-key", "default"],
  ])("%s → %s", (key, environment) => {
    expect(triggerEnvironmentOf(key)).toBe(environment);
  });
});
