/**
 * The dry run over HTTP: `POST /api/automations/{id}/simulate?days=7` runs simulateRecipe on the
 * recipe's newest version over the next days of the real schedule, sending and writing nothing.
 * Each row says who (masked), which step and language, when, and whether the text would go, wait
 * (and until when) or be skipped, and why, in words.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { MAX_SIMULATION_DAYS, simulateRecipe } from "../../automations/simulate.js";
import type { Services } from "../../runtime/services.js";
import { getRecipe } from "../../store/automation-recipes.js";
import { requireApiKey } from "../middleware/api-key.js";
import { AutomationIdParams } from "./api-automation-schemas.js";
import { apiError, errorResponses, json, SECURITY } from "./api-schemas.js";

const SimulateQuery = z.object({
  days: z.coerce.number().int().min(1).max(MAX_SIMULATION_DAYS).default(7).openapi({ param: { name: "days", in: "query" }, description: `How many days ahead (1-${MAX_SIMULATION_DAYS}).`, example: 7 }),
});

const SimulationRowSchema = z
  .object({
    who: z.string().openapi({ description: "The patient, masked.", example: "phone ending 0142" }),
    stepId: z.string().openapi({ example: "send-1" }),
    variant: z.string().openapi({ description: "The language of the text used.", example: "en" }),
    at: z.string().openapi({ format: "date-time" }),
    outcome: z.enum(["would-send", "deferred", "skipped"]),
    reason: z.string().openapi({ example: "deferred: quiet hours in Florida until Wed, Dec 2, 8:00 AM" }),
    cause: z.string().openapi({ description: "The reason without its time, the same for every row held for one cause; empty when it would send.", example: "deferred: quiet hours in Florida" }),
  })
  .openapi("SimulationRow");

const SimulationSchema = z.object({ id: z.string(), version: z.number().int(), days: z.number().int(), rows: z.array(SimulationRowSchema) }).openapi("Simulation");

export function registerAutomationSimulateRoute(api: OpenAPIHono, services: Services): void {
  api.openapi(
    createRoute({
      method: "post", path: "/automations/{id}/simulate", tags: ["automations"], security: SECURITY, middleware: [requireApiKey(services, "write")] as const,
      summary: "Dry run: what the recipe would do over the next days of the real schedule, without sending anything",
      request: { params: AutomationIdParams, query: SimulateQuery },
      responses: { 200: json(SimulationSchema, "One row per text the recipe would send, wait on or skip."), ...errorResponses(401, 403, 404, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { days } = c.req.valid("query");
      const stored = await getRecipe(services.store, id);
      if (!stored) return apiError(c, 404, "No automation with that id.");
      const rows = await simulateRecipe(services, stored.recipe, { days });
      return c.json({ id, version: stored.version, days, rows: rows.map((row) => ({ ...row, at: row.at.toISOString() })) }, 200);
    },
  );
}
