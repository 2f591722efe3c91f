import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setLogSink } from "../../src/log.js";
import { listen, type Listening } from "../../src/runtime/listen.js";
import { createMainApp } from "../../src/server/main-app.js";
import { createLimiter } from "../../src/server/middleware/rate-limit.js";
import { openTestServices, TEST_MASTER_KEY, type TestServices } from "../helpers/test-services.js";

// Every refused signature logs a warning; the limits are what these tests read.
beforeAll(() => setLogSink(() => undefined));
afterAll(() => setLogSink(null));

let services: TestServices | undefined;
let server: Listening | undefined;
afterEach(async () => {
  await server?.close();
  await services?.dispose();
  services = server = undefined;
});

const STATUS = "/webhooks/twilio/status";
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });
const post = (app: ReturnType<typeof createMainApp>, address: string, headers: Record<string, string> = {}) =>
  app.request(STATUS, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: "MessageSid=x" }, from(address));

async function appWith(rateLimits: unknown) {
  services = await openTestServices({ config: { rateLimits } });
  return createMainApp(services);
}

describe("rate limit on /webhooks/* per source", () => {
  it("answers 429 with Retry-After once a source spends its burst, and leaves other sources alone", async () => {
    const app = await appWith({ webhooks: { perMinute: 60, burst: 3 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(app, "203.0.113.7")).status);
    expect(statuses).toEqual([403, 403, 403, 429]);
    const refused = await post(app, "203.0.113.7");
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(await refused.json()).toMatchObject({ error: { status: 429, message: expect.stringMatching(/limit is 60 a minute.*Retry after 1 s/) } });
    expect((await post(app, "198.51.100.9")).status).toBe(403);
  });

  it("reads the source from the configured proxy header (its last value), not the proxy's socket", async () => {
    const app = await appWith({ webhooks: { perMinute: 60, burst: 1 }, sourceHeader: "x-real-ip" });
    expect((await post(app, "10.0.0.1", { "x-real-ip": "203.0.113.7" })).status).toBe(403);
    expect((await post(app, "10.0.0.1", { "x-real-ip": "203.0.113.7" })).status).toBe(429);
    expect((await post(app, "10.0.0.1", { "x-real-ip": "198.51.100.9" })).status).toBe(403);
    expect((await post(app, "10.0.0.1", { "x-real-ip": "192.0.2.1, 198.51.100.10" })).status).toBe(403);
  });

  it("is generous by default: 2,000 webhooks at once from one source pass", async () => {
    const app = await appWith({});
    const statuses = new Set<number>();
    for (let i = 0; i < 2000; i++) statuses.add((await post(app, "203.0.113.7")).status);
    expect([...statuses]).toEqual([403]);
  });

  it("can be turned off", async () => {
    const app = await appWith({ webhooks: { enabled: false, perMinute: 1, burst: 1 } });
    for (let i = 0; i < 5; i++) expect((await post(app, "203.0.113.7")).status).toBe(403);
  });

  it("sees the caller's real address through the HTTP server", async () => {
    const app = await appWith({ webhooks: { perMinute: 60, burst: 1 } });
    server = await listen(0, "127.0.0.1");
    server.setHandler(app.fetch);
    const send = () => fetch(`http://127.0.0.1:${server?.port}${STATUS}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "MessageSid=x" });
    expect((await send()).status).toBe(403);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
  });
});

describe("rate limit on /api per key", () => {
  it("throttles one key without touching another, and counts a missing key by source", async () => {
    const app = await appWith({ api: { perMinute: 120, burst: 2 } });
    const { createApiKey } = await import("../../src/store/api-keys.js");
    const other = await createApiKey(services!.store, "read");
    const get = (key: string | undefined, address = "203.0.113.7") => app.request("/api/events", { headers: key ? { "x-api-key": key } : {} }, from(address));
    expect([(await get(TEST_MASTER_KEY)).status, (await get(TEST_MASTER_KEY)).status, (await get(TEST_MASTER_KEY)).status]).toEqual([200, 200, 429]);
    expect((await get(other.key)).status).toBe(200);
    expect([(await get(undefined)).status, (await get(undefined)).status, (await get(undefined)).status]).toEqual([401, 401, 429]);
    expect((await get(undefined, "198.51.100.9")).status).toBe(401);
  });

  it("covers the consent routes under /api too", async () => {
    const app = await appWith({ api: { perMinute: 60, burst: 1 } });
    const get = () => app.request("/api/consents/Patient%2Fp-1", { headers: { authorization: `Bearer ${TEST_MASTER_KEY}` } }, from("203.0.113.7"));
    expect((await get()).status).toBe(404);
    expect((await get()).status).toBe(429);
  });
});

describe("the token bucket", () => {
  it("refills at the configured rate and says how long to wait", () => {
    let t = 0;
    const take = createLimiter({ perMinute: 30, burst: 2 }, () => t);
    expect([take("a"), take("a"), take("a")]).toEqual([undefined, undefined, 2]);
    t += 1_000;
    expect(take("a")).toBe(1);
    t += 1_000;
    expect(take("a")).toBeUndefined();
    expect(take("a")).toBe(2);
  });
});
