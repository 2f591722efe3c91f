/**
 * Automation recipes over HTTP: create, read, update, list, activate and deactivate, through the
 * same recipe service as the console (every save a version, activation only past the check, every
 * change audited with the API key that made it). A refused activation answers 422 with each
 * finding: the step, what is wrong and the fix.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { checkRecipe } from "../../automations/check-recipe.js";
import { activateRecipe, deactivateRecipe, saveRecipe } from "../../automations/recipe-service.js";
import type { StoredRecipe } from "../../automations/recipe.js";
import type { Services } from "../../runtime/services.js";
import { getRecipe, listRecipes, RecipeNotFoundError } from "../../store/automation-recipes.js";
import { actingKey, requireApiKey } from "../middleware/api-key.js";
import { AutomationIdParams, AutomationSchema, automationView, CreateAutomationSchema, RECIPE_CHECK_FAILED, UpdateAutomationSchema } from "./api-automation-schemas.js";
import { apiError, claimActionKey, errorResponses, IDEMPOTENCY_KEY_REUSED, IdempotencyHeaders, json, SECURITY } from "./api-schemas.js";

const TAGS = ["automations"];
const NOT_FOUND = "No automation with that id.";
const body = <S extends z.ZodType>(schema: S) => ({ content: { "application/json": { schema } }, required: true });

export function registerAutomationRoutes(api: OpenAPIHono, services: Services): void {
  const read = requireApiKey(services, "read");
  const write = requireApiKey(services, "write");
  const view = async (stored: StoredRecipe) => automationView(stored, await checkRecipe(services, stored.recipe));

  api.openapi(
    createRoute({ method: "get", path: "/automations", tags: TAGS, security: SECURITY, middleware: [read] as const, summary: "List every automation recipe, active or not, with what the check finds", responses: { 200: json(z.object({ automations: z.array(AutomationSchema) }), "Every recipe by id, newest version each."), ...errorResponses(401) } }),
    async (c) => c.json({ automations: await Promise.all((await listRecipes(services.store)).map(view)) }, 200),
  );

  api.openapi(
    createRoute({
      method: "post", path: "/automations", tags: TAGS, security: SECURITY, middleware: [write] as const,
      summary: "Create a recipe (disabled; activate it once the check passes)",
      request: { headers: IdempotencyHeaders, body: body(CreateAutomationSchema) },
      responses: { 201: json(AutomationSchema, "The recipe as version 1, with the check's findings."), ...errorResponses(400, 401, 403, 409, 413, 415, 422) },
    }),
    async (c) => {
      const { id, recipe } = c.req.valid("json");
      const idempotencyKey = c.req.valid("header")["idempotency-key"];
      const claim = await claimActionKey(c, services.store, "automations.create", idempotencyKey, { id, recipe });
      if (!claim.ok) return apiError(c, 422, claim.message, IDEMPOTENCY_KEY_REUSED);
      const existing = await getRecipe(services.store, id);
      // A retry under its Idempotency-Key finds what the first try created: the same answer again.
      if (existing && !(idempotencyKey && JSON.stringify(existing.recipe) === JSON.stringify(recipe))) {
        return apiError(c, 409, `An automation "${id}" exists already; change it with PUT /api/automations/${id}, or pick another id.`);
      }
      const saved = existing ?? (await saveRecipe(services, id, recipe, actingKey(c))).stored;
      return c.json(await view(saved), 201);
    },
  );

  api.openapi(
    createRoute({ method: "get", path: "/automations/{id}", tags: TAGS, security: SECURITY, middleware: [read] as const, request: { params: AutomationIdParams }, summary: "Read one recipe (newest version) with what the check finds", responses: { 200: json(AutomationSchema, "The recipe."), ...errorResponses(401, 404, 422) } }),
    async (c) => {
      const stored = await getRecipe(services.store, c.req.valid("param").id);
      return stored ? c.json(await view(stored), 200) : apiError(c, 404, NOT_FOUND);
    },
  );

  api.openapi(
    createRoute({
      method: "put", path: "/automations/{id}", tags: TAGS, security: SECURITY, middleware: [write] as const,
      summary: "Save a new version (runs already started keep theirs); an active recipe that now fails the check is turned off",
      request: { params: AutomationIdParams, headers: IdempotencyHeaders, body: body(UpdateAutomationSchema) },
      responses: { 200: json(AutomationSchema, "The recipe at its new version (the same one when nothing changed)."), ...errorResponses(400, 401, 403, 404, 413, 415, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { recipe } = c.req.valid("json");
      const claim = await claimActionKey(c, services.store, `automations.update:${id}`, c.req.valid("header")["idempotency-key"], { id, recipe });
      if (!claim.ok) return apiError(c, 422, claim.message, IDEMPOTENCY_KEY_REUSED);
      if (!(await getRecipe(services.store, id))) return apiError(c, 404, `${NOT_FOUND} Create it with POST /api/automations.`);
      const { stored, findings } = await saveRecipe(services, id, recipe, actingKey(c));
      return c.json(automationView(stored, findings), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post", path: "/automations/{id}/activate", tags: TAGS, security: SECURITY, middleware: [write] as const, request: { params: AutomationIdParams },
      summary: "Start new runs from the newest version, if it passes the check (repeatable)",
      responses: { 200: json(AutomationSchema, "The recipe, now active."), ...errorResponses(401, 403, 404, 422) },
    }),
    async (c) => activateHandler(c, services, c.req.valid("param").id, view),
  );

  api.openapi(
    createRoute({ method: "post", path: "/automations/{id}/deactivate", tags: TAGS, security: SECURITY, middleware: [write] as const, request: { params: AutomationIdParams }, summary: "Stop starting new runs; runs already started finish (repeatable)", responses: { 200: json(AutomationSchema, "The recipe, now inactive."), ...errorResponses(401, 403, 404, 422) } }),
    async (c) => {
      try {
        return c.json(await view(await deactivateRecipe(services, c.req.valid("param").id, actingKey(c))), 200);
      } catch (err) {
        if (err instanceof RecipeNotFoundError) return apiError(c, 404, NOT_FOUND);
        throw err;
      }
    },
  );
}

async function activateHandler(c: Context, services: Services, id: string, view: (stored: StoredRecipe) => Promise<ReturnType<typeof automationView>>) {
  try {
    const result = await activateRecipe(services, id, actingKey(c));
    if (result.ok) return c.json(await view(result.stored), 200);
    const errors = result.findings.filter((f) => f.severity === "error").length;
    const message = `Not activated: the check found ${errors} error${errors === 1 ? "" : "s"}; details.findings names each step and the fix.`;
    return c.json({ error: { status: 422 as const, code: RECIPE_CHECK_FAILED, message, details: { findings: result.findings } } }, 422);
  } catch (err) {
    if (err instanceof RecipeNotFoundError) return apiError(c, 404, NOT_FOUND);
    throw err;
  }
}
