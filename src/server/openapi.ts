/**
 * The automation API under /api: REST hooks, polling, actions, automation recipes, and its own OpenAPI 3.1 document at
 * /api/openapi.json, generated from the same zod schemas that validate the requests. Mounted into
 * the main app with `app.route`, so the app's body limit, 404 and error handler apply to it.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Services } from "../runtime/services.js";
import type { Resolver } from "../hooks/ssrf-guard.js";
import type { RouteMount } from "./app.js";
import { requireApiKey } from "./middleware/api-key.js";
import { registerActionRoutes, startSyncWorkflow, type StartSync } from "./routes/api-actions.js";
import { registerAutomationSimulateRoute } from "./routes/api-automation-simulate.js";
import { registerAutomationRoutes } from "./routes/api-automations.js";
import { registerRecordActionRoutes } from "./routes/api-actions-records.js";
import { documentConsentRoutes } from "./routes/api-consents-doc.js";
import { registerEventRoutes } from "./routes/api-events.js";
import { registerHookRoutes } from "./routes/api-hooks.js";
import { errorResponses, json, SECURITY, validationHook } from "./routes/api-schemas.js";

export const API_BASE = "/api";
export const OPENAPI_PATH = "/openapi.json";

export interface AutomationApiOptions {
  /** Starts the sync workflow (default: the one from workflows/index.ts on services.engine). */
  startSync?: StartSync;
  /** DNS for the SSRF guard at subscribe time (tests). */
  resolve?: Resolver;
}

const DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "minnow automation API",
    version: "1.0.0",
    description:
      "REST hooks, polling, actions and automation recipes for Zapier, n8n or your own systems. Every route needs an API key (`X-API-Key` or `Authorization: Bearer`). " +
      "Hook deliveries to destinations outside the practice's BAA carry only ids, types, times and opaque references.",
  },
};

export function createAutomationApi(services: Services, opts: AutomationApiOptions = {}): OpenAPIHono {
  const api = new OpenAPIHono({ defaultHook: validationHook });
  api.openAPIRegistry.registerComponent("securitySchemes", "ApiKeyHeader", { type: "apiKey", in: "header", name: "X-API-Key" });
  api.openAPIRegistry.registerComponent("securitySchemes", "BearerKey", { type: "http", scheme: "bearer" });
  registerHookRoutes(api, services, opts.resolve);
  registerEventRoutes(api, services);
  registerActionRoutes(api, services, opts.startSync ?? startSyncWorkflow);
  registerRecordActionRoutes(api, services);
  registerAutomationRoutes(api, services);
  registerAutomationSimulateRoute(api, services);
  documentConsentRoutes(api);
  // The document is behind a key like every /api route; its servers entry points at this API.
  api.openapi(
    createRoute({
      method: "get", path: OPENAPI_PATH, tags: ["meta"], security: SECURITY, middleware: [requireApiKey(services, "read")] as const,
      summary: "This document (OpenAPI 3.1)",
      responses: { 200: json(z.record(z.string(), z.unknown()), "The OpenAPI 3.1 document."), ...errorResponses(401) },
    }),
    (c) => c.json(api.getOpenAPI31Document({ ...DOCUMENT, servers: [{ url: new URL(API_BASE, services.env.PUBLIC_URL ?? new URL(c.req.url).origin).href }] }), 200),
  );
  return api;
}

export function createAutomationApiMount(opts: AutomationApiOptions = {}): RouteMount {
  return (app, services) => {
    app.route(API_BASE, createAutomationApi(services, opts));
  };
}

/** The automation API with defaults: add it to the main app's mounts. */
export const mountAutomationApi: RouteMount = createAutomationApiMount();
