import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiRig, type ApiRig } from "../api/helpers.js";

/**
 * Every /api route the app actually serves (read from the router, so an undocumented route is
 * covered too) refuses a request without a usable key with 401. tests/api/auth-and-openapi.test.ts
 * checks the documented routes and key scopes; this one checks what is mounted.
 */
let rig: ApiRig;
beforeAll(async () => {
  rig = await openApiRig({ api: { startSync: async () => ({ runId: "sync:1", started: true }) } });
});
afterAll(() => rig.services.dispose());

const served = () =>
  [...new Set(rig.app.routes.filter((r) => r.path.startsWith("/api") && r.method !== "ALL").map((r) => `${r.method} ${r.path}`))].map((route) => {
    const [method = "GET", path = ""] = route.split(" ");
    // Sample values for :params (with or without a regex suffix like {.+}).
    return { method, path: path.replace(/:(\w+)(\{[^}]*\})?/g, (_m, _name: string, pattern?: string) => (pattern ? "Patient/x-1" : "x-1")) };
  });

describe("the /api surface without a usable key", () => {
  const badKeys: Array<[string, Record<string, string>]> = [
    ["no key", {}],
    ["an empty key", { "x-api-key": "" }],
    ["a made-up key", { "x-api-key": "mk_00000000000000000000" }],
    ["the key as a bearer token with junk", { authorization: "Bearer junk" }],
    ["the master key in another case", { "x-api-key": "TEST-MASTER-KEY" }],
    ["the master key with a suffix", { "x-api-key": "test-master-key-0123456789abcdef-and-more" }],
  ];

  it.each(badKeys)("answers 401 on every served route with %s", async (_name, headers) => {
    const routes = served();
    expect(routes.length).toBeGreaterThanOrEqual(10);
    const wrong: string[] = [];
    for (const { method, path } of routes) {
      const res = await rig.app.request(path, { method, headers: { ...headers, "content-type": "application/json" }, ...(method === "GET" ? {} : { body: "{}" }) });
      if (res.status !== 401) wrong.push(`${method} ${path} -> ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it("lets the same routes past authentication with the real key (so the 401s above are about the key)", async () => {
    const statuses = await Promise.all(served().map(async ({ method, path }) => (await rig.call(method, path, method === "GET" ? {} : { body: {} })).status));
    expect(statuses.filter((s) => s === 401)).toEqual([]);
  });
});
