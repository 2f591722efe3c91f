/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context, MiddlewareHandler } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Services } from "../runtime/services.js";
import { countUnreadInbox } from "../store/staff-inbox.js";
import { auditStaff } from "./audit.js";
import type { PageContext } from "./components/layout.js";
import type { ConsoleEnv, Viewer } from "./context.js";
import { ForbiddenPage } from "./pages/status-pages.js";
import { can, type Permission } from "./security/roles.js";
import { isBackgroundRefresh, sessionLimits } from "./security/session.js";

/** The signed-in staff member, for a route behind `requireAccess`. */
export function viewerOf(c: Context<ConsoleEnv>): Viewer {
  const staff = c.get("staff");
  if (!staff) throw new Error("viewerOf called on a route without requireAccess; guard the route first.");
  return { id: staff.id, email: staff.email, role: staff.role };
}

export async function pageContext(c: Context<ConsoleEnv>, services: Services): Promise<PageContext> {
  const staff = c.get("staff");
  return {
    viewer: staff ? { id: staff.id, email: staff.email, role: staff.role } : undefined,
    csrfToken: c.get("csrfToken"),
    practiceName: services.config.practice.name,
    idleMs: sessionLimits(services).idleMs,
    unread: staff ? await countUnreadInbox(services.store) : 0,
  };
}

/** Renders a whole page (the doctype, then the JSX) with the request's page context. */
export async function renderPage(c: Context<ConsoleEnv>, services: Services, view: (page: PageContext) => JSX.Element, status: ContentfulStatusCode = 200): Promise<Response> {
  const page = await pageContext(c, services);
  return c.html(`<!doctype html>${String(view(page))}`, status);
}

/** Renders a part of a page, for the script's background refreshes and live lint. */
export function renderFragment(c: Context, node: JSX.Element, status: ContentfulStatusCode = 200): Response {
  return c.html(String(node), status);
}

/** Where to send someone who is not signed in: the sign-in page, then back here. */
export function signInRedirect(c: Context<ConsoleEnv>): Response {
  if (isBackgroundRefresh(c) || c.req.header("x-csrf-token")) return c.text("Signed out", 401);
  const params = new URLSearchParams();
  const ended = c.get("sessionEnded");
  if (ended) params.set("reason", ended);
  if (c.req.method === "GET") {
    const url = new URL(c.req.url);
    params.set("next", url.pathname + url.search);
  }
  const query = params.toString();
  return c.redirect(`/sign-in${query ? `?${query}` : ""}`, 303);
}

/**
 * Guards a page: signed in, and a role with the permission. Anyone else gets the sign-in page or
 * a 403 that says why; a refused attempt is audited.
 */
export function requireAccess(services: Services, permission: Permission): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const staff = c.get("staff");
    if (!staff) return signInRedirect(c);
    if (!can(staff.role, permission)) {
      await auditStaff(services, staff.id, "console.access_denied", { decision: "deny", reasons: [`needs-${permission}`], details: { route: c.req.routePath, method: c.req.method } });
      return renderPage(c, services, (page) => <ForbiddenPage page={page} />, 403);
    }
    return next();
  };
}
