/** REST hooks over HTTP: subscribe, list, read and unsubscribe (Zapier's performSubscribe/Unsubscribe). */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { EVENT_TYPE_NAMES } from "../../events/event-types.js";
import { getHook } from "../../store/hooks.js";
import type { Services } from "../../runtime/services.js";
import { hookView, listHookViews, subscribeHook, unsubscribeHook } from "../../hooks/subscriptions.js";
import type { Resolver } from "../../hooks/ssrf-guard.js";
import { requireApiKey } from "../middleware/api-key.js";
import { apiError, errorResponses, json, SECURITY } from "./api-schemas.js";

const HookSchema = z
  .object({
    id: z.string().openapi({ example: "hook_01KAW9P0ZR7S4Q2N3M5B8C1D0E" }),
    event: z.string().openapi({ example: "appointment.confirmed" }),
    targetUrl: z.string().openapi({ example: "https://hooks.zapier.com/hooks/standard/1/abc/" }),
    status: z.enum(["active", "disabled", "unsubscribed"]),
    destination: z.enum(["outside", "attested"]).openapi({ description: "outside: references only; attested: also the event's minimum-necessary details" }),
    failures: z.number().int(),
    createdAt: z.string().openapi({ format: "date-time" }),
    disabledAt: z.string().nullable().openapi({ format: "date-time" }),
  })
  .openapi("Hook");

const HookCreatedSchema = HookSchema.extend({
  secret: z.string().openapi({ description: "Signs every delivery (HMAC-SHA256 over `${X-Minnow-Timestamp}.${body}`). Shown once." }),
}).openapi("HookCreated");

const SubscribeSchema = z
  .strictObject({
    event: z.enum(EVENT_TYPE_NAMES).openapi({ example: "appointment.confirmed" }),
    targetUrl: z.url({ protocol: /^https?$/ }).max(2000).openapi({ example: "https://hooks.zapier.com/hooks/standard/1/abc/" }),
  })
  .openapi("HookSubscribe");

const HookIdParams = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: "id", in: "path" }, example: "hook_01KAW9P0ZR7S4Q2N3M5B8C1D0E" }) });

export function registerHookRoutes(api: OpenAPIHono, services: Services, resolve?: Resolver): void {
  const read = requireApiKey(services, "read");
  const write = requireApiKey(services, "write");

  api.openapi(
    createRoute({
      method: "post", path: "/hooks", tags: ["hooks"], security: SECURITY, middleware: [write] as const,
      summary: "Subscribe a REST hook to one event type",
      request: { body: { content: { "application/json": { schema: SubscribeSchema } }, required: true } },
      responses: { 201: json(HookCreatedSchema, "The hook; keep its secret to verify deliveries."), ...errorResponses(400, 401, 403, 413, 415, 422) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const result = await subscribeHook(services, { ...body, actor: `api-key:${c.get("apiKeyId")}` }, resolve);
      if (!result.ok) return apiError(c, 422, result.message);
      return c.json({ ...result.hook, secret: result.secret }, 201);
    },
  );

  api.openapi(
    createRoute({
      method: "get", path: "/hooks", tags: ["hooks"], security: SECURITY, middleware: [read] as const,
      summary: "List every hook, active or not (no secrets)",
      responses: { 200: json(z.object({ hooks: z.array(HookSchema) }), "All hooks, oldest first."), ...errorResponses(401) },
    }),
    async (c) => c.json({ hooks: await listHookViews(services) }, 200),
  );

  api.openapi(
    createRoute({
      method: "get", path: "/hooks/{id}", tags: ["hooks"], security: SECURITY, middleware: [read] as const,
      summary: "Read one hook",
      request: { params: HookIdParams },
      responses: { 200: json(HookSchema, "The hook."), ...errorResponses(401, 404, 422) },
    }),
    async (c) => {
      const hook = await getHook(services.store, c.req.valid("param").id);
      return hook ? c.json(hookView(services, hook), 200) : apiError(c, 404, "No hook with that id.");
    },
  );

  api.openapi(
    createRoute({
      method: "delete", path: "/hooks/{id}", tags: ["hooks"], security: SECURITY, middleware: [write] as const,
      summary: "Unsubscribe a hook (repeatable)",
      request: { params: HookIdParams },
      responses: { 200: json(HookSchema, "The hook, now unsubscribed (or already inactive)."), ...errorResponses(401, 403, 404, 422) },
    }),
    async (c) => {
      const hook = await unsubscribeHook(services, c.req.valid("param").id, `api-key:${c.get("apiKeyId")}`);
      return hook ? c.json(hook, 200) : apiError(c, 404, "No hook with that id.");
    },
  );
}
