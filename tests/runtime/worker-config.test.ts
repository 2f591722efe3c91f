import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { setLogLevel } from "../../src/log.js";
import { createServices, type RuntimeServices } from "../../src/runtime/create-services.js";
import { startSandboxEhr, type SandboxEhr } from "../../src/sandbox/ehr-server.js";
import { openStore } from "../../src/store/db.js";
import { listPracticeConfigVersions, savePracticeConfigVersion } from "../../src/store/practice-config-versions.js";
import { TEST_DATA_KEY, tempDir, testEnv, type TempDir } from "./helpers.js";

const noWorkflows = () => ({});
const TWILIO = { TWILIO_ACCOUNT_SID: `AC${"3".repeat(32)}`, TWILIO_AUTH_TOKEN: "worker-token", TWILIO_FROM: "+13125550100", PUBLIC_URL: "https://minnow.example.org" };

let ehr: SandboxEhr;
let dir: TempDir;
const opened: RuntimeServices[] = [];
beforeAll(async () => {
  setLogLevel("silent");
  ehr = await startSandboxEhr({ port: 0 });
});
afterEach(async () => {
  for (const runtime of opened.splice(0)) await runtime.close();
  dir?.cleanup();
});
afterAll(async () => {
  await ehr.close();
  setLogLevel("info");
});

/** A worker's environment: a real EHR and Twilio unless a test removes them. */
function workerEnv(vars: Record<string, string> = {}) {
  return testEnv({ DATA_DIR: dir.dir, FHIR_BASE_URL: ehr.baseUrl, MINNOW_DATA_KEY: TEST_DATA_KEY, ...TWILIO, ...vars });
}

async function open(role: "main" | "worker", env: ReturnType<typeof testEnv>): Promise<RuntimeServices> {
  const runtime = await createServices({ env, workflows: noWorkflows, role });
  opened.push(runtime);
  return runtime;
}

/** Starts and stops a process's services, as one run of the job. */
async function startAndStop(role: "main" | "worker", env: ReturnType<typeof testEnv>): Promise<void> {
  await (await createServices({ env, workflows: noWorkflows, role })).close();
}

async function saveVersion(raw: unknown): Promise<void> {
  const store = await openStore({ dataDir: dir.dir });
  try {
    await savePracticeConfigVersion(store, { raw, by: "staff:mgr-1", at: new Date() });
  } finally {
    await store.close();
  }
}

describe("a Trigger.dev worker's practice config", () => {
  it("reads what the main job stored at its first start, from the same database", async () => {
    dir = tempDir();
    const path = dir.writeConfig({ practice: { name: "Lakeside Clinic" }, sync: { intervalMinutes: 15 } });
    await startAndStop("main", workerEnv({ MINNOW_CONFIG: path }));
    const worker = await open("worker", workerEnv());
    expect(worker.services.config.practice.name).toBe("Lakeside Clinic");
    expect(worker.services.config.sync.intervalMinutes).toBe(15);
    expect(worker.runtimeEngine.kind).toBe("trigger");
    expect((await listPracticeConfigVersions(worker.services.store)).map((v) => [v.version, v.createdBy])).toEqual([[1, "config-file"]]);
  });

  it("takes the latest stored version over MINNOW_CONFIG_YAML", async () => {
    dir = tempDir();
    await saveVersion({ practice: { name: "Stored Clinic" } });
    const worker = await open("worker", workerEnv({ MINNOW_CONFIG_YAML: stringify({ practice: { name: "Yaml Clinic" } }) }));
    expect(worker.services.config.practice.name).toBe("Stored Clinic");
  });

  it("uses MINNOW_CONFIG_YAML when the store holds no version, and stores nothing itself", async () => {
    dir = tempDir();
    const worker = await open("worker", workerEnv({ MINNOW_CONFIG_YAML: stringify({ practice: { name: "Yaml Clinic" }, caps: { perWeek: 2 } }) }));
    expect(worker.services.config.practice.name).toBe("Yaml Clinic");
    expect(worker.services.config.caps.perWeek).toBe(2);
    expect(await listPracticeConfigVersions(worker.services.store)).toEqual([]);
  });

  it.each([
    ["no config anywhere", {}, /no practice config.*MINNOW_CONFIG_YAML/s],
    ["invalid YAML text", { MINNOW_CONFIG_YAML: "practice: [unclosed" }, /MINNOW_CONFIG_YAML is not valid YAML/],
    ["a config that fails the schema", { MINNOW_CONFIG_YAML: stringify({ waitlist: { batchSize: 0 } }) }, /MINNOW_CONFIG_YAML is invalid:\n {2}waitlist\.batchSize/],
  ])("refuses %s, saying what to set", async (_name, vars, message) => {
    dir = tempDir();
    await expect(open("worker", workerEnv(vars))).rejects.toThrow(message);
  });
});

describe("a Trigger.dev worker outside sandbox mode", () => {
  it.each([
    ["Twilio", { TWILIO_ACCOUNT_SID: "", TWILIO_AUTH_TOKEN: "", TWILIO_FROM: "" }, ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_MESSAGING_SERVICE_SID", "TWILIO_FROM"]],
    ["an EHR", { FHIR_BASE_URL: "" }, ["FHIR_BASE_URL", "ACUITY_USER_ID", "ACUITY_API_KEY"]],
  ])("refuses to run without %s, naming every variable, and never starts a fake", async (_what, vars, names) => {
    dir = tempDir();
    const error = await open("worker", workerEnv({ MINNOW_CONFIG_YAML: "{}", ...vars })).catch((err: unknown) => err as Error);
    expect(error).toBeInstanceOf(Error);
    for (const name of names) expect((error as Error).message).toContain(name);
    expect((error as Error).message).toContain("MINNOW_WORKER_SANDBOX");
  });

  it("runs on the sandbox only when MINNOW_WORKER_SANDBOX=true, with the defaults when nothing is stored", async () => {
    dir = tempDir();
    const worker = await open("worker", testEnv({ DATA_DIR: dir.dir, MINNOW_WORKER_SANDBOX: "true" }));
    expect(worker.modes).toMatchObject({ sandboxEhr: true, sandboxSms: true });
    expect(worker.outbox).toBeDefined();
    expect(worker.services.config.practice.name).toBe("Sunrise Family Clinic");
  });
});

describe("the main job's stored config", () => {
  it("stores a new version only when its config file changed", async () => {
    dir = tempDir();
    const first = dir.writeConfig({ practice: { name: "Lakeside Clinic" } });
    await startAndStop("main", workerEnv({ MINNOW_CONFIG: first }));
    await startAndStop("main", workerEnv({ MINNOW_CONFIG: first }));
    const changed = dir.writeConfig({ practice: { name: "Lakeside Family Clinic" } });
    const main = await open("main", workerEnv({ MINNOW_CONFIG: changed }));
    const versions = await listPracticeConfigVersions(main.services.store);
    expect(versions.map((v) => [v.version, v.config.practice.name])).toEqual([[2, "Lakeside Family Clinic"], [1, "Lakeside Clinic"]]);
  });

  it("refuses MINNOW_CONFIG and MINNOW_CONFIG_YAML together", async () => {
    dir = tempDir();
    const path = dir.writeConfig({});
    await expect(open("main", workerEnv({ MINNOW_CONFIG: path, MINNOW_CONFIG_YAML: "{}" }))).rejects.toThrow(/Both MINNOW_CONFIG and MINNOW_CONFIG_YAML are set/);
  });
});
