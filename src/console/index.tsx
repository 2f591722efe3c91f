/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { errorKind, log } from "../log.js";
import type { Services } from "../runtime/services.js";
import type { RouteMount } from "../server/app.js";
import type { ConsoleApp, ConsoleEnv } from "./context.js";
import { renderPage } from "./page.js";
import { FormExpiredPage, ServerErrorPage } from "./pages/status-pages.js";
import { mountAdminRoutes } from "./routes/admin-routes.js";
import { mountAssetRoutes } from "./routes/asset-routes.js";
import { mountAutomationRoutes } from "./routes/automations-routes.js";
import { mountAuthRoutes } from "./routes/auth-routes.js";
import { mountEhrConnectionRoutes } from "./routes/ehr-connection-routes.js";
import { mountInboxRoutes } from "./routes/inbox-routes.js";
import { mountPatientRoutes } from "./routes/patient-routes.js";
import { mountComplianceRoutes } from "./routes/compliance-routes.js";
import { mountInsightsRoutes } from "./routes/insights-routes.js";
import { mountSettingsRoutes } from "./routes/settings-routes.js";
import { mountTemplateRoutes } from "./routes/templates-routes.js";
import { mountTodayRoutes } from "./routes/today-routes.js";
import { mountWaitlistRoutes } from "./routes/waitlist-routes.js";
import { requireCsrf, provideCsrf } from "./security/csrf.js";
import { consoleHeaders } from "./security/headers.js";
import { loadSession } from "./security/session.js";

/**
 * The practice console: server-rendered pages on the same Hono app and port as the API. Its
 * middleware (security headers, the session, CSRF) covers the console's own paths only, so the
 * webhooks and the API keep their own rules. A page added later registers its section here.
 */
export const CONSOLE_SECTIONS = ["/sign-in", "/sign-out", "/welcome", "/session", "/today", "/inbox", "/waitlist", "/patients", "/templates", "/automations", "/compliance", "/settings", "/insights", "/admin"] as const;

export type SectionMount = (app: ConsoleApp, services: Services) => void;

/** Every page section of the console, mounted in this order. */
export const CONSOLE_PAGES: readonly SectionMount[] = [mountTodayRoutes, mountInboxRoutes, mountWaitlistRoutes, mountPatientRoutes, mountTemplateRoutes, mountAutomationRoutes, mountComplianceRoutes, mountSettingsRoutes, mountInsightsRoutes, mountAdminRoutes, mountEhrConnectionRoutes];

export function createConsole(services: Services, sections: readonly SectionMount[] = []): ConsoleApp {
  const app = new Hono<ConsoleEnv>();
  app.use("/console/assets/*", consoleHeaders({ assets: true }));
  mountAssetRoutes(app);
  const refuseForm = (c: Parameters<Parameters<typeof requireCsrf>[0]>[0]) => renderPage(c, services, (page) => <FormExpiredPage page={page} />, 403);
  for (const path of ["/", ...CONSOLE_SECTIONS.map((s) => `${s}/*`)]) {
    app.use(path, consoleHeaders({ assets: false }), loadSession(services), provideCsrf(services), requireCsrf(refuseForm));
  }
  mountAuthRoutes(app, services);
  for (const mount of sections) mount(app, services);
  app.onError(async (err, c) => {
    log.error("console.page_failed", { route: c.req.routePath, method: c.req.method, error: errorKind(err) });
    return renderPage(c, services, (page) => <ServerErrorPage page={page} />, 500).catch(() => c.text("minnow could not finish this page; try again in a moment.", 500));
  });
  return app;
}

/** Mounts the console on the main app at `/`. */
export const mountConsole: RouteMount = (app, services) => {
  app.route("/", createConsole(services, CONSOLE_PAGES));
};
