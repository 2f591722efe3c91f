import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { errorKind, log } from "../../log.js";

/** The one error shape every route answers with: `{ error: { status, message } }`. */
export function jsonError(c: Context, status: ContentfulStatusCode, message: string, details?: unknown) {
  return c.json({ error: { status, message, ...(details === undefined ? {} : { details }) } }, status);
}

/** Hono's onError: known HTTP errors keep their status; anything else is a 500 that logs no PHI. */
export function handleError(err: Error, c: Context) {
  if (err instanceof HTTPException) {
    return jsonError(c, err.status as ContentfulStatusCode, err.message || "Request refused");
  }
  log.error("http.unhandled", { path: c.req.path, method: c.req.method, error: errorKind(err) });
  return jsonError(c, 500, "Internal error; nothing was changed by the failed step. Retry, or check the server log by request time.");
}

export function handleNotFound(c: Context) {
  return jsonError(c, 404, `No route for ${c.req.method} ${c.req.path}.`);
}
