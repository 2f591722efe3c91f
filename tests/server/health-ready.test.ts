import { afterEach, describe, expect, it } from "vitest";
import { createEmbeddedEngine } from "../../src/engine/embedded/index.js";
import { createTriggerEngine } from "../../src/engine/trigger/engine.js";
import { setLogLevel } from "../../src/log.js";
import { createMainApp } from "../../src/server/main-app.js";
import { FakeTriggerPlatform } from "../engine/trigger/fake-platform.js";
import type { Services } from "../../src/runtime/services.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";

let services: TestServices | undefined;
let platform: FakeTriggerPlatform | undefined;
afterEach(async () => {
  setLogLevel("info");
  platform?.close();
  await services?.dispose().catch(() => undefined);
  services = undefined;
  platform = undefined;
});

async function probe(s: Services, path = "/health/ready"): Promise<{ status: number; body: { ok: boolean; checks?: Record<string, { ok: boolean; detail: string }> } }> {
  const response = await createMainApp(s).request(`http://127.0.0.1:8787${path}`);
  return { status: response.status, body: (await response.json()) as never };
}

describe("GET /health/ready on the embedded engine", () => {
  it("is 503 until the engine's worker runs, 200 while it does, and 503 again when it stops", async () => {
    services = await openTestServices();
    const engine = createEmbeddedEngine({ store: services.store, workflows: [], pollIntervalMs: 20 });
    const withEngine: Services = { ...services, engine };
    const before = await probe(withEngine);
    expect(before.status).toBe(503);
    expect(before.body.checks?.database).toMatchObject({ ok: true });
    expect(before.body.checks?.engine).toEqual({ ok: false, detail: "the embedded engine's worker has not started" });
    engine.startWorker();
    expect(await probe(withEngine)).toMatchObject({ status: 200, body: { ok: true, checks: { database: { ok: true }, engine: { ok: true } } } });
    await engine.stop();
    expect((await probe(withEngine)).body.checks?.engine).toEqual({ ok: false, detail: "the embedded engine's worker is stopping" });
  });

  it("is 503 naming the store when the database does not answer, while /health stays 200", async () => {
    setLogLevel("silent");
    services = await openTestServices();
    await services.store.close();
    const ready = await probe(services);
    expect(ready.status).toBe(503);
    expect(ready.body.checks?.database).toEqual({ ok: false, detail: expect.stringMatching(/^the sqlite store did not answer/) });
    expect(await probe(services, "/health")).toEqual({ status: 200, body: { ok: true } });
  });
});

describe("GET /health/ready on Trigger.dev", () => {
  it("is 200 when Trigger.dev answers this key, and 503 saying so when it does not", async () => {
    services = await openTestServices();
    platform = new FakeTriggerPlatform({ now: () => new Date() });
    expect(await probe({ ...services, engine: createTriggerEngine({ store: services.store }) })).toMatchObject({ status: 200, body: { checks: { engine: { ok: true, detail: "Trigger.dev answered" } } } });
    platform.close();
    platform = undefined;
    const down = await probe({ ...services, engine: createTriggerEngine({ store: services.store }) }); // a fresh check, not the cached answer
    expect(down.status).toBe(503);
    expect(down.body.checks?.engine).toEqual({ ok: false, detail: expect.stringMatching(/^Trigger.dev did not answer .*TRIGGER_SECRET_KEY/) });
  });
});
