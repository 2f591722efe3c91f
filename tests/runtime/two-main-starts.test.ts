import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHIPPED_RECIPES } from "../../src/automations/shipped-recipes.js";
import { setLogLevel } from "../../src/log.js";
import { createServices, type RuntimeServices } from "../../src/runtime/create-services.js";
import { startSandboxEhr, type SandboxEhr } from "../../src/sandbox/ehr-server.js";
import { listPracticeConfigVersions } from "../../src/store/practice-config-versions.js";
import { SIGNED_TWILIO_BAA } from "../helpers/test-services.js";
import { openTestStore, postgresUrl, testDialects, type TestStore } from "../helpers/test-store.js";
import { TEST_DATA_KEY, tempDir, testEnv } from "./helpers.js";

const TWILIO = { TWILIO_ACCOUNT_SID: `AC${"4".repeat(32)}`, TWILIO_AUTH_TOKEN: "two-starts-token", TWILIO_FROM: "+13125550100", PUBLIC_URL: "https://minnow.example.org" };
const dialects = testDialects().filter((d) => d === "postgres");

let ehr: SandboxEhr;
beforeAll(async () => {
  setLogLevel("silent");
  ehr = await startSandboxEhr({ port: 0 });
});
afterAll(async () => {
  await ehr.close();
  setLogLevel("info");
});

describe.runIf(dialects.length > 0 && postgresUrl)("two main jobs starting at once on one Postgres database", () => {
  it("both start, and the config file, its templates and the shipped automations are stored once", { timeout: 60_000 }, async () => {
    for (let round = 0; round < 3; round++) {
      const store: TestStore = await openTestStore("postgres");
      const dirs = [tempDir(), tempDir()];
      const runtimes: RuntimeServices[] = [];
      try {
        const config = dirs[0]!.writeConfig({ practice: { name: "Lakeside Clinic" }, baa: SIGNED_TWILIO_BAA });
        const envs = dirs.map((d) => testEnv({ DATA_DIR: d.dir, DATABASE_URL: store.databaseUrl!, FHIR_BASE_URL: ehr.baseUrl, MINNOW_DATA_KEY: TEST_DATA_KEY, MINNOW_CONFIG: config, ...TWILIO }));
        const started = await Promise.allSettled(envs.map((env) => createServices({ env, workflows: () => ({}) })));
        for (const result of started) if (result.status === "fulfilled") runtimes.push(result.value);
        expect(started.map((r) => (r.status === "rejected" ? String(r.reason) : "started"))).toEqual(["started", "started"]);

        expect((await listPracticeConfigVersions(store)).map((v) => v.version)).toEqual([1]);
        const versions = await store.db.selectFrom("automation_recipe_versions").select(["recipe_id", "version"]).orderBy("recipe_id").execute();
        expect(versions.map((v) => `${v.recipe_id}@${v.version}`)).toEqual(Object.keys(SHIPPED_RECIPES).sort().map((id) => `${id}@1`));
      } finally {
        for (const runtime of runtimes) await runtime.close();
        await store.dispose();
        for (const d of dirs) d.cleanup();
      }
    }
  });
});
