import type { Hono } from "hono";
import { createMainApp } from "../../src/server/main-app.js";
import type { AutomationApiOptions } from "../../src/server/openapi.js";
import { openTestServices, TEST_MASTER_KEY, type TestServices } from "../helpers/test-services.js";

export const MASTER_KEY = TEST_MASTER_KEY;

export interface ApiRig {
  services: TestServices;
  app: Hono;
  call(method: string, path: string, opts?: { key?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<Response>;
}

/** The main app (webhooks, consent routes, automation API); the master key unless a test passes another (or null). */
export async function openApiRig(opts: { config?: unknown; api?: AutomationApiOptions } = {}): Promise<ApiRig> {
  const services = await openTestServices({ config: opts.config ?? {} });
  const app = createMainApp(services, { api: opts.api ?? {} });
  return {
    services,
    app,
    call: async (method, path, o = {}) => {
      const headers: Record<string, string> = { ...o.headers };
      const key = o.key === undefined ? MASTER_KEY : o.key;
      if (key !== null) headers["x-api-key"] = key;
      let body: string | undefined = o.rawBody;
      if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers["content-type"] ??= "application/json";
      }
      return app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
    },
  };
}
