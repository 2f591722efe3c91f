import type { Context, MiddlewareHandler } from "hono";
import { findApiKey } from "../../store/api-keys.js";
import type { Services } from "../../runtime/services.js";
import { jsonError } from "./errors.js";
import { bearerToken, sameSecret } from "./secrets.js";

export type ApiScope = "read" | "write";

declare module "hono" {
  interface ContextVariableMap {
    /** Who called: a stored key's id, or "master" for MINNOW_API_KEY (for audit actors and idempotency keys). */
    apiKeyId: string;
  }
}

function presentedKey(authorization: string | undefined, headerKey: string | undefined): string | undefined {
  return headerKey || bearerToken(authorization);
}

/**
 * Every /api route needs a key: MINNOW_API_KEY (full access) or a stored key (hashed at rest,
 * scoped read or write, revocable). A write key may also read.
 */
export function requireApiKey(services: Pick<Services, "env" | "store">, scope: ApiScope): MiddlewareHandler {
  return async (c, next) => {
    const key = presentedKey(c.req.header("authorization"), c.req.header("x-api-key"));
    if (!key) return jsonError(c, 401, "Missing API key: send it as `Authorization: Bearer <key>` or `X-API-Key`.");
    const master = services.env.MINNOW_API_KEY;
    if (master && sameSecret(key, master)) {
      c.set("apiKeyId", "master");
      return next();
    }
    const stored = await findApiKey(services.store, key);
    if (!stored) return jsonError(c, 401, "Unknown or revoked API key.");
    if (scope === "write" && stored.scope !== "write") return jsonError(c, 403, "This API key is read-only; this route needs a write-scoped key.");
    c.set("apiKeyId", stored.id);
    return next();
  };
}

/** The audit actor for a request that passed requireApiKey: "api-key:<id>" ("api-key:master" for MINNOW_API_KEY). */
export function actingKey(c: Context): string {
  return `api-key:${c.get("apiKeyId")}`;
}
