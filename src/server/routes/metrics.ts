import type { MiddlewareHandler } from "hono";
import { collectProcessMetrics, metricsRegistry } from "../../metrics/registry.js";
import { refreshStoreGauges } from "../../metrics/store-gauges.js";
import type { Services } from "../../runtime/services.js";
import type { RouteMount } from "../app.js";
import { requireApiKey } from "../middleware/api-key.js";
import { bearerToken, sameSecret } from "../middleware/secrets.js";

export const METRICS_PATH = "/metrics";

/** A scraper's METRICS_TOKEN opens /metrics and nothing else; otherwise any API key that may read. */
function requireMetricsAccess(services: Pick<Services, "env" | "store">): MiddlewareHandler {
  const apiKey = requireApiKey(services, "read");
  return async (c, next) => {
    const token = services.env.METRICS_TOKEN;
    const presented = bearerToken(c.req.header("authorization"));
    if (token && presented && sameSecret(presented, token)) return next();
    return apiKey(c, next);
  };
}

/** GET /metrics: Prometheus text exposition. Counts, states and latencies only: no label carries PHI. */
export const mountMetrics: RouteMount = (app, services) => {
  collectProcessMetrics();
  app.get(METRICS_PATH, requireMetricsAccess(services), async (c) => {
    await refreshStoreGauges(services);
    return c.body(await metricsRegistry.metrics(), 200, { "content-type": metricsRegistry.contentType });
  });
};
