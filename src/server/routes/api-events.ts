/**
 * Polling: events newest first with stable ids, for Zapier's performList and polling triggers.
 * API callers get what an outside destination gets (id, type, time, opaque refs): an API key says
 * nothing about where the data goes next.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { EVENT_TYPE_NAMES, EVENT_TYPES } from "../../events/event-types.js";
import { minimalPayload } from "../../events/minimize.js";
import type { Services } from "../../runtime/services.js";
import { getEvent, listEvents } from "../../store/events.js";
import { requireApiKey } from "../middleware/api-key.js";
import { apiError, errorResponses, json, SECURITY } from "./api-schemas.js";

export const EventSchema = z
  .object({
    id: z.string().openapi({ description: "Stable and unique: dedupe on it.", example: "evt-appointment.confirmed-plan_01KAW9" }),
    type: z.string().openapi({ example: "appointment.confirmed" }),
    occurredAt: z.string().openapi({ format: "date-time", example: "2026-11-24T16:00:00.000Z" }),
    refs: z.record(z.string(), z.string()).openapi({ description: "Opaque references only: never names, phones or appointment times.", example: { appointmentRef: "Appointment/a-1", patientRef: "Patient/p-1" } }),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional().openapi({ description: "Minimum-necessary details; only in deliveries to attested destinations." }),
  })
  .openapi("Event");

const ListQuery = z.object({
  type: z.enum(EVENT_TYPE_NAMES).optional().openapi({ param: { name: "type", in: "query" } }),
  limit: z.coerce.number().int().min(1).max(100).default(25).openapi({ param: { name: "limit", in: "query" }, example: 25 }),
});

const EventTypeSchema = z.object({ type: z.enum(EVENT_TYPE_NAMES), description: z.string(), refs: z.array(z.string()) }).openapi("EventType");

export function registerEventRoutes(api: OpenAPIHono, services: Services): void {
  const read = requireApiKey(services, "read");

  api.openapi(
    createRoute({
      method: "get", path: "/events", tags: ["events"], security: SECURITY, middleware: [read] as const,
      summary: "Recent events, newest first",
      request: { query: ListQuery },
      responses: { 200: json(z.object({ events: z.array(EventSchema) }), "Events, newest first."), ...errorResponses(401, 422) },
    }),
    async (c) => {
      const { type, limit } = c.req.valid("query");
      const events = await listEvents(services.store, { ...(type ? { type } : {}), limit });
      return c.json({ events: events.map(minimalPayload) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get", path: "/events/{id}", tags: ["events"], security: SECURITY, middleware: [read] as const,
      summary: "One event",
      request: { params: z.object({ id: z.string().min(1).max(300).openapi({ param: { name: "id", in: "path" } }) }) },
      responses: { 200: json(EventSchema, "The event."), ...errorResponses(401, 404, 422) },
    }),
    async (c) => {
      const event = await getEvent(services.store, c.req.valid("param").id);
      return event ? c.json(minimalPayload(event), 200) : apiError(c, 404, "No event with that id.");
    },
  );

  api.openapi(
    createRoute({
      method: "get", path: "/event-types", tags: ["events"], security: SECURITY, middleware: [read] as const,
      summary: "The event types a hook can subscribe to",
      responses: { 200: json(z.object({ types: z.array(EventTypeSchema) }), "Every event type."), ...errorResponses(401) },
    }),
    async (c) => c.json({ types: EVENT_TYPE_NAMES.map((type) => ({ type, description: EVENT_TYPES[type].description, refs: [...EVENT_TYPES[type].refs] })) }, 200),
  );
}
