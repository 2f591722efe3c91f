import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Bundle } from "@medplum/fhirtypes";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setLogLevel } from "../../src/log.js";
import { createServices, type RuntimeServices } from "../../src/runtime/create-services.js";
import { SANDBOX_EHR_CONSENT } from "../../src/runtime/create-config.js";
import { startSandboxEhr, type SandboxEhr } from "../../src/sandbox/ehr-server.js";
import { GENERATED_KEY_FILE } from "../../src/store/keyring.js";
import { TEST_DATA_KEY, tempDir, testEnv, type TempDir } from "./helpers.js";

const noWorkflows = () => ({});
let dir: TempDir;
let runtime: RuntimeServices | undefined;

beforeAll(() => setLogLevel("silent"));
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
  dir?.cleanup();
});
afterAll(() => setLogLevel("info"));

describe("createServices with nothing configured (the sandbox)", () => {
  it("starts a sandbox EHR that answers FHIR searches over HTTP and uses it as the source", async () => {
    dir = tempDir();
    runtime = await createServices({ env: testEnv({ DATA_DIR: dir.dir }), workflows: noWorkflows });
    expect(runtime.modes).toEqual({ sandboxEhr: true, sandboxSms: true, engine: "embedded" });
    expect(runtime.sandboxEhr).toBeDefined();
    const fhir = runtime.services.sources.fhir;
    expect(fhir?.baseUrl).toBe(runtime.sandboxEhr?.baseUrl);
    const bundle: Bundle | undefined = await fhir?.search("Appointment", { status: "booked", _count: "3" });
    expect(bundle?.entry?.length).toBeGreaterThan(0);
    expect(runtime.services.sources.acuity).toBeUndefined();
  });

  it("sends through the real SDK into a local outbox, from the practice's number", async () => {
    dir = tempDir();
    runtime = await createServices({ env: testEnv({ DATA_DIR: dir.dir }), workflows: noWorkflows });
    const result = await runtime.services.sms.send({ to: "+13125550142", body: "Sunrise Family Clinic: test" });
    expect(result.ok).toBe(true);
    const messages = runtime.outbox?.fake.messages() ?? [];
    expect(messages.map((m) => [m.to, m.from, m.body])).toEqual([["+13125550142", runtime.services.config.practice.phone, "Sunrise Family Clinic: test"]]);
    expect(runtime.services.sms.sender).toBe(runtime.services.config.practice.phone);
  });

  it("generates a data key file in DATA_DIR and assumes intake consent for the synthetic patients", async () => {
    dir = tempDir();
    runtime = await createServices({ env: testEnv({ DATA_DIR: dir.dir }), workflows: noWorkflows });
    expect(existsSync(join(dir.dir, GENERATED_KEY_FILE))).toBe(true);
    expect(runtime.services.config.consent.fromEhr).toEqual({ ...SANDBOX_EHR_CONSENT, scopes: [...SANDBOX_EHR_CONSENT.scopes] });
  });

  it("builds the workflows over the finished services, and refuses a workflow run before that", async () => {
    dir = tempDir();
    let getter: (() => unknown) | undefined;
    runtime = await createServices({
      env: testEnv({ DATA_DIR: dir.dir }),
      workflows: (get) => {
        expect(() => get()).toThrow(/before the services were built/);
        getter = get;
        return {};
      },
    });
    expect(getter?.()).toBe(runtime.services);
  });
});

describe("createServices with real systems configured", () => {
  let ehr: SandboxEhr;
  beforeAll(async () => {
    ehr = await startSandboxEhr({ port: 0 });
  });
  afterAll(() => ehr.close());

  it("uses FHIR_BASE_URL and does not start the sandbox EHR", async () => {
    dir = tempDir();
    runtime = await createServices({ env: testEnv({ DATA_DIR: dir.dir, FHIR_BASE_URL: ehr.baseUrl, MINNOW_DATA_KEY: TEST_DATA_KEY }), workflows: noWorkflows });
    expect(runtime.sandboxEhr).toBeUndefined();
    expect(runtime.modes.sandboxEhr).toBe(false);
    expect(runtime.services.sources.fhir?.baseUrl).toBe(ehr.baseUrl);
    expect(runtime.services.config.consent.fromEhr).toBeUndefined();
  });

  it("refuses to generate a data key once a real EHR holds the patients", async () => {
    dir = tempDir();
    await expect(createServices({ env: testEnv({ DATA_DIR: dir.dir, FHIR_BASE_URL: ehr.baseUrl }), workflows: noWorkflows })).rejects.toThrow(/MINNOW_DATA_KEY is not set/);
    expect(existsSync(join(dir.dir, GENERATED_KEY_FILE))).toBe(false);
  });

  it("uses Acuity alone when only ACUITY_* is set, with a stable client-ref key", async () => {
    dir = tempDir();
    const env = testEnv({ DATA_DIR: dir.dir, ACUITY_USER_ID: "12345", ACUITY_API_KEY: "acuity-key", ACUITY_BASE_URL: "http://127.0.0.1:9/api/v1", MINNOW_DATA_KEY: TEST_DATA_KEY });
    runtime = await createServices({ env, workflows: noWorkflows });
    const first = runtime.services.sources.acuity?.clientRefKey;
    expect(runtime.sandboxEhr).toBeUndefined();
    expect(runtime.services.sources.fhir).toBeUndefined();
    expect(first).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    await runtime.close();
    runtime = await createServices({ env, workflows: noWorkflows });
    expect(runtime.services.sources.acuity?.clientRefKey).toBe(first);
  });

  it("selects the Trigger.dev engine with TRIGGER_SECRET_KEY, keeping the sandbox parts", async () => {
    dir = tempDir();
    runtime = await createServices({ env: testEnv({ DATA_DIR: dir.dir, TRIGGER_SECRET_KEY: "tr_dev_test", TRIGGER_API_URL: "http://127.0.0.1:9" }), workflows: noWorkflows });
    expect(runtime.runtimeEngine.kind).toBe("trigger");
    expect(runtime.modes.engine).toBe("trigger");
    expect(runtime.sandboxEhr).toBeDefined();
  });

  it.each([
    [{ TWILIO_ACCOUNT_SID: `AC${"1".repeat(32)}` }, /Twilio settings are incomplete/],
    [{ TWILIO_ACCOUNT_SID: `AC${"1".repeat(32)}`, TWILIO_AUTH_TOKEN: "t" }, /TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM/],
    [{ ACUITY_USER_ID: "12345" }, /both ACUITY_USER_ID and ACUITY_API_KEY/],
    [{ FHIR_AUTH: "bearer" }, /FHIR_BEARER_TOKEN is not set/],
    [{ FHIR_AUTH: "smart", FHIR_CLIENT_ID: "minnow" }, /FHIR_PRIVATE_KEY is not set/],
  ])("refuses a half-configured system %j, naming what is missing", async (vars, message) => {
    dir = tempDir();
    const env = testEnv({ DATA_DIR: dir.dir, FHIR_BASE_URL: ehr.baseUrl, MINNOW_DATA_KEY: TEST_DATA_KEY, PUBLIC_URL: "https://minnow.example.test", ...vars });
    await expect(createServices({ env, workflows: noWorkflows })).rejects.toThrow(message);
  });

  it("sends through real Twilio settings to TWILIO_API_BASE_URL (here the sandbox's fake)", async () => {
    dir = tempDir();
    const { startFakeTwilio } = await import("../../src/sandbox/fake-twilio.js");
    const sid = `AC${"2".repeat(32)}`;
    const fake = await startFakeTwilio({ accountSid: sid, authToken: "real-token" });
    try {
      const env = testEnv({ DATA_DIR: dir.dir, FHIR_BASE_URL: ehr.baseUrl, MINNOW_DATA_KEY: TEST_DATA_KEY, TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: "real-token", TWILIO_FROM: "+13125550100", TWILIO_API_BASE_URL: fake.baseUrl, PUBLIC_URL: "https://minnow.example.test" });
      runtime = await createServices({ env, workflows: noWorkflows });
      expect(runtime.outbox).toBeUndefined();
      expect((await runtime.services.sms.send({ to: "+13125550143", body: "x" })).ok).toBe(true);
      expect(fake.messages()[0]?.statusCallback).toBe("https://minnow.example.test/webhooks/twilio/status");
    } finally {
      await fake.close();
    }
  });
});

describe("createServices refuses a practice config that fails", () => {
  it.each([
    [{ templates: { "appointment-confirm-request": { en: "{{practice.name}}: Reply CANCEL to cancel. Reply STOP to opt out." } } }, /opt-out-keyword-conflict/],
    [{ waitlist: { batchSize: 0 } }, /waitlist\.batchSize/],
  ])("%j", async (config, message) => {
    dir = tempDir();
    const path = dir.writeConfig(config);
    await expect(createServices({ env: testEnv({ DATA_DIR: dir.dir, MINNOW_CONFIG: path }), workflows: noWorkflows })).rejects.toThrow(message);
  });
});
