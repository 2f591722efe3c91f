import { Hono } from "hono";
import type { Services } from "../runtime/services.js";
import { limitBody } from "./middleware/body-limit.js";
import { handleError, handleNotFound, jsonError } from "./middleware/errors.js";
import { limitApi, limitWebhooks } from "./middleware/rate-limit.js";

/** Twilio bodies are at most 1,600 characters; FHIR and API payloads stay small. */
export const MAX_BODY_BYTES = 256 * 1024;

export type RouteMount = (app: Hono, services: Services) => void;

/**
 * The HTTP face of minnow. Routes are composed from small modules (`mounts`), so tests can
 * build an app with only what they exercise and call `app.request()` without a port.
 */
export function createApp(services: Services, mounts: RouteMount[] = []): Hono {
  const app = new Hono();
  app.use("/webhooks/*", limitWebhooks(services.config.rateLimits));
  app.use("/api/*", limitApi(services.config.rateLimits));
  app.use("*", limitBody(MAX_BODY_BYTES, (c) => jsonError(c, 413, `Body too large: the limit is ${MAX_BODY_BYTES} bytes.`)));
  app.get("/health", (c) => c.json({ ok: true }));
  for (const mount of mounts) mount(app, services);
  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}
