import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, revokeApiKey } from "../../src/store/api-keys.js";
import { openApiRig, type ApiRig } from "./helpers.js";

type Operation = { security?: unknown[]; requestBody?: unknown; responses: Record<string, unknown> };
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>> };

let rig: ApiRig;
let doc: Doc;
let readKey: string;
let writeKey: string;

/** Every operation in the document, as [METHOD, concrete path] with sample path parameters. */
const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => [method.toUpperCase(), `/api${path.replace(/\{[^}]+\}/g, "x-1")}`, path, method] as const));

beforeAll(async () => {
  rig = await openApiRig({ api: { startSync: async () => ({ runId: "sync:1", started: true }) } });
  readKey = (await createApiKey(rig.services.store, "read")).key;
  writeKey = (await createApiKey(rig.services.store, "write")).key;
  doc = (await (await rig.call("GET", "/api/openapi.json", { key: readKey })).json()) as Doc;
});
afterAll(() => rig.services.dispose());

describe("the OpenAPI document", () => {
  it("validates as OpenAPI 3.1", async () => {
    const validator = new Validator();
    const result = await validator.validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    // The validator is not a rubber stamp: a broken copy fails.
    const broken = { ...doc, paths: { "/hooks": { post: { responses: "none" } } } };
    expect((await new Validator().validate(broken as unknown as Record<string, unknown>)).valid).toBe(false);
  });

  it("covers every /api route the app serves, and nothing it does not", () => {
    const served = new Set(rig.app.routes.filter((r) => r.path.startsWith("/api/") && r.method !== "ALL").map((r) => `${r.method} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}")}`));
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} /api${path}`)));
    expect([...documented].sort()).toEqual([...served].sort());
  });

  it("documents security, a success schema and the errors each route can answer", () => {
    for (const [, , path, method] of operations()) {
      const op = doc.paths[path]?.[method];
      const where = `${method} ${path}`;
      expect(op?.security, where).toBeDefined();
      expect(Object.keys(op?.responses ?? {}), where).toContain("401");
      const ok = Object.keys(op?.responses ?? {}).find((s) => s.startsWith("2"));
      expect(ok, where).toBeDefined();
      if (method !== "get") expect(Object.keys(op?.responses ?? {}), where).toContain("403");
      if (op?.requestBody) expect(Object.keys(op.responses), where).toEqual(expect.arrayContaining(["413", "422", "400"]));
    }
  });
});

describe("API keys", () => {
  it("answers 401 with a JSON error on every documented route without a key", async () => {
    expect(operations().length).toBeGreaterThanOrEqual(10);
    for (const [method, path] of operations()) {
      const res = await rig.call(method, path, { key: null });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(await res.json()).toMatchObject({ error: { status: 401, message: expect.stringContaining("API key") } });
    }
  });

  it("answers 401 to a wrong key and to a revoked one", async () => {
    expect((await rig.call("GET", "/api/hooks", { key: "mk_not-a-key" })).status).toBe(401);
    const { id, key } = await createApiKey(rig.services.store, "read");
    expect((await rig.call("GET", "/api/hooks", { key })).status).toBe(200);
    await revokeApiKey(rig.services.store, id);
    expect((await rig.call("GET", "/api/hooks", { key })).status).toBe(401);
  });

  it("answers 403 to a read key on every write route, and lets it read", async () => {
    for (const [method, path] of operations()) {
      const res = await rig.call(method, path, { key: readKey, ...(method === "GET" ? {} : { body: {} }) });
      if (method === "GET") expect(res.status, `${method} ${path}`).not.toBe(403);
      else {
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(await res.json()).toMatchObject({ error: { status: 403 } });
      }
    }
  });

  it("accepts a write key as a bearer token", async () => {
    const res = await rig.app.request("/api/actions/sync-now", { method: "POST", headers: { authorization: `Bearer ${writeKey}` } });
    expect(res.status).toBe(202);
  });

  it("answers an oversized body with 413 JSON", async () => {
    const res = await rig.call("POST", "/api/hooks", { rawBody: JSON.stringify({ pad: "x".repeat(300 * 1024) }), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { status: 413 } });
  });
});
