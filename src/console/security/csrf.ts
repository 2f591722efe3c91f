import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { log } from "../../log.js";
import type { Services } from "../../runtime/services.js";
import type { ConsoleEnv } from "../context.js";
import { secureCookies } from "./session.js";

/**
 * CSRF protection on every state-changing request. A signed-in form carries the session's own
 * token (the synchronizer pattern); the signed-out forms (sign-in, set password) carry a token
 * that must match a SameSite=Strict cookie (double submit). Scripts send it as `X-CSRF-Token`.
 * A request whose Origin is another site is refused as well.
 */
export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "x-csrf-token";
const ANON_COOKIE = "minnow_csrf";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Chooses the request's token: the session's when signed in, else the signed-out cookie's (set if new). */
export function provideCsrf(services: Services): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const session = c.get("session");
    if (session) c.set("csrfToken", session.csrfToken);
    else {
      const existing = getCookie(c, ANON_COOKIE);
      if (existing) c.set("csrfToken", existing);
      else if (SAFE_METHODS.has(c.req.method)) {
        const token = randomBytes(32).toString("base64url");
        setCookie(c, ANON_COOKIE, token, { httpOnly: true, sameSite: "Strict", secure: secureCookies(services), path: "/" });
        c.set("csrfToken", token);
      } else c.set("csrfToken", ""); // a POST without the cookie has nothing to match: refused
    }
    await next();
  };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

function foreignOrigin(c: Context): boolean {
  const origin = c.req.header("origin");
  if (!origin || origin === "null") return origin === "null";
  return origin !== new URL(c.req.url).origin;
}

async function presentedToken(c: Context): Promise<string> {
  const header = c.req.header(CSRF_HEADER);
  if (header) return header;
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) return "";
  const body = await c.req.parseBody();
  const field = body[CSRF_FIELD];
  return typeof field === "string" ? field : "";
}

/**
 * Refuses a state-changing request without the right token; `refuse` renders the answer. Signing
 * out without a session (it ended on its own a moment before the page's idle timer fired) changes
 * nothing, so it needs no token.
 */
export function requireCsrf(refuse: (c: Context<ConsoleEnv>) => Response | Promise<Response>): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    if (c.req.path === "/sign-out" && !c.get("session")) return next();
    if (foreignOrigin(c) || !same(await presentedToken(c), c.get("csrfToken"))) {
      log.warn("console.csrf_refused", { method: c.req.method, path: c.req.routePath, signedIn: c.get("staff") !== undefined });
      return refuse(c);
    }
    return next();
  };
}
