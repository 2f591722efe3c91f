import { afterEach, describe, expect, it, vi } from "vitest";
import { toTriggerRetry } from "../../../src/engine/trigger/retry.js";
import config from "../../../trigger.config.js";
import { triggerDeps } from "../../../workflows/trigger/index.js";

afterEach(() => vi.unstubAllEnvs());

describe("trigger.config.ts", () => {
  it("indexes workflows/trigger, retries like the port's default, and bounds compute time", () => {
    expect(config.dirs).toEqual(["./workflows/trigger"]);
    expect(config.retries?.default).toEqual(toTriggerRetry());
    expect(config.retries?.default?.randomize).toBe(false);
    expect(config.maxDuration).toBeGreaterThanOrEqual(5); // Trigger.dev's minimum
    expect(config.project).toMatch(/^proj_/);
  });
});

describe("workflows/trigger bindings", () => {
  it("refuse to open a store on Trigger.dev without DATABASE_URL, saying why", async () => {
    vi.stubEnv("DATABASE_URL", "");
    await expect(Promise.resolve().then(() => triggerDeps.store())).rejects.toThrow(/DATABASE_URL/);
  });
});
