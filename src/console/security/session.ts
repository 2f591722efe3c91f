import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Services } from "../../runtime/services.js";
import { getStaff } from "../../store/staff-accounts.js";
import { createSession, endSession, findSession, sessionState, touchSession } from "../../store/staff-sessions.js";
import { auditStaff } from "../audit.js";
import type { ConsoleEnv } from "../context.js";

/**
 * Server-side sessions. The cookie holds a random id only: HttpOnly (no script reads it),
 * SameSite=Strict (no other site's page sends it), Secure when minnow is served over https.
 * A session ends after `console.idleTimeoutMinutes` without a request from its holder, and
 * `console.absoluteTimeoutHours` after sign-in, whatever happens.
 *
 * The pages refresh parts of themselves in the background (a reply that confirms an
 * appointment shows up without a reload); those requests carry `X-Minnow-Refresh` and do not
 * count as activity, or an unattended screen would never sign out.
 */
export const SESSION_COOKIE = "minnow_session";
export const REFRESH_HEADER = "x-minnow-refresh";

export function sessionLimits(services: Pick<Services, "config">): { idleMs: number; absoluteMs: number } {
  const { idleTimeoutMinutes, absoluteTimeoutHours } = services.config.console;
  return { idleMs: idleTimeoutMinutes * 60_000, absoluteMs: absoluteTimeoutHours * 3_600_000 };
}

export function secureCookies(services: Pick<Services, "env">): boolean {
  return services.env.PUBLIC_URL?.startsWith("https:") ?? false;
}

export const isBackgroundRefresh = (c: Context): boolean => c.req.header(REFRESH_HEADER) === "1";

/** Signs a staff member in: a fresh session (never one carried over from before) and its cookie. */
export async function startSession(c: Context, services: Services, staffId: string): Promise<void> {
  const { id } = await createSession(services.store, staffId, services.clock.now());
  setCookie(c, SESSION_COOKIE, id, { httpOnly: true, sameSite: "Strict", secure: secureCookies(services), path: "/" });
}

export async function closeSession(c: Context<ConsoleEnv>, services: Services, reason: string): Promise<void> {
  const session = c.get("session");
  if (session) await endSession(services.store, session.idHash, reason, services.clock.now());
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: secureCookies(services) });
}

/** Reads the session cookie: sets `staff` and `session` while it is valid, and ends it when it is not. */
export function loadSession(services: Services): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    c.set("staff", undefined);
    c.set("session", undefined);
    c.set("sessionEnded", undefined);
    const id = getCookie(c, SESSION_COOKIE);
    const session = id ? await findSession(services.store, id) : null;
    if (session) {
      const now = services.clock.now();
      const state = sessionState(session, now, sessionLimits(services));
      const staff = state === "active" ? await getStaff(services.store, session.staffId) : null;
      if (staff?.active) {
        c.set("staff", staff);
        c.set("session", session);
        if (!isBackgroundRefresh(c)) await touchSession(services.store, session.idHash, now);
      } else if (state === "idle" || state === "expired") {
        await endSession(services.store, session.idHash, state, now);
        await auditStaff(services, session.staffId, "console.signed_out", { decision: state });
        c.set("sessionEnded", state);
      } else if (state === "active") {
        await endSession(services.store, session.idHash, "account-disabled", now);
      }
    }
    await next();
  };
}
