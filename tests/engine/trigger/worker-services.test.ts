import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setLogLevel } from "../../../src/log.js";
import { startSandboxEhr, type SandboxEhr } from "../../../src/sandbox/ehr-server.js";
import { openStore, type Store } from "../../../src/store/db.js";
import { savePracticeConfigVersion } from "../../../src/store/practice-config-versions.js";
import { TEST_DATA_KEY, tempDir, type TempDir } from "../../runtime/helpers.js";

let ehr: SandboxEhr;
let dir: TempDir;
let store: Store;
beforeAll(async () => {
  setLogLevel("silent");
  ehr = await startSandboxEhr({ port: 0 });
  dir = tempDir();
  store = await openStore({ dataDir: dir.dir });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await store.close();
  await ehr.close();
  dir.cleanup();
  setLogLevel("info");
});

const save = (name: string) => savePracticeConfigVersion(store, { raw: { practice: { name } }, by: "staff:mgr-1", at: new Date() });

describe("workerServices on a Trigger.dev task machine", () => {
  it("builds the services once, and each run sees a config version saved since the last", async () => {
    for (const [name, value] of Object.entries({ DATA_DIR: dir.dir, FHIR_BASE_URL: ehr.baseUrl, MINNOW_DATA_KEY: TEST_DATA_KEY, TWILIO_ACCOUNT_SID: `AC${"4".repeat(32)}`, TWILIO_AUTH_TOKEN: "t", TWILIO_FROM: "+13125550100", PUBLIC_URL: "https://minnow.example.org", LOG_LEVEL: "silent" })) {
      vi.stubEnv(name, value);
    }
    await save("First Clinic");
    const { workerServices } = await import("../../../workflows/trigger/worker-services.js");
    const first = await workerServices();
    expect(first.config.practice.name).toBe("First Clinic");
    await save("Second Clinic");
    const second = await workerServices();
    expect(second).toBe(first);
    expect(second.config.practice.name).toBe("Second Clinic");
    await second.store.close();
  });
});
