/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from "hono";
import type { Services } from "../../runtime/services.js";
import { auditStaff } from "../audit.js";
import type { ConsoleApp, ConsoleEnv } from "../context.js";
import { csvResponse, toCsv } from "../data/csv.js";
import { readInsights, type Bucket } from "../data/insights.js";
import type { FieldErrors } from "../forms.js";
import { renderPage, requireAccess, viewerOf } from "../page.js";
import { InsightsPage } from "../pages/insights-page.js";
import { dayBounds, dayKey, displayZone, shiftDay } from "../time.js";

/** Insights (managers and administrators): charts of counts over a date range, with tables and CSVs. */
const MAX_DAYS = 366;

export function mountInsightsRoutes(app: ConsoleApp, services: Services): void {
  const guard = requireAccess(services, "insights");

  /** The asked range (the last four weeks by default), or the fields' errors and the default range. */
  const range = (c: Context<ConsoleEnv>) => {
    const zone = displayZone(services.config);
    const today = dayKey(services.clock.now(), zone);
    const bucket: Bucket = c.req.query("bucket") === "week" ? "week" : "day";
    const values = { from: c.req.query("from") || shiftDay(today, -27, zone), to: c.req.query("to") || today, bucket };
    const errors: FieldErrors = {};
    const from = dayBounds(values.from, zone);
    const to = dayBounds(values.to, zone);
    if (!from) errors.from = "Enter a real date, for example 2026-11-01";
    if (!to) errors.to = "Enter a real date, for example 2026-11-30";
    if (from && to && from.from >= to.to) errors.to = "The end date must be on or after the start date";
    if (from && to && to.to.getTime() - from.from.getTime() > MAX_DAYS * 86_400_000) errors.to = `Choose at most ${MAX_DAYS} days`;
    if (Object.keys(errors).length || !from || !to) {
      const fallback = { from: shiftDay(today, -27, zone), to: today, bucket };
      const f = dayBounds(fallback.from, zone);
      const t = dayBounds(fallback.to, zone);
      return { values, errors, zone, bounds: { from: f?.from ?? new Date(0), to: t?.to ?? new Date(0) } };
    }
    return { values, errors: undefined, zone, bounds: { from: from.from, to: to.to } };
  };

  app.get("/insights", guard, async (c) => {
    const { values, errors, zone, bounds } = range(c);
    const insights = await readInsights(services, { ...bounds, bucket: values.bucket, zone });
    const query = `?${new URLSearchParams(values).toString()}`;
    return renderPage(c, services, (page) => <InsightsPage page={page} insights={insights} values={values} errors={errors} query={query} />, errors ? 422 : 200);
  });

  app.get("/insights/:chart{[a-z-]+\\.csv}", guard, async (c) => {
    const id = c.req.param("chart").replace(/\.csv$/, "");
    const { values, zone, bounds } = range(c);
    const insights = await readInsights(services, { ...bounds, bucket: values.bucket, zone });
    const chart = insights.charts.find((ch) => ch.id === id);
    if (!chart) return c.text("No such chart", 404);
    await auditStaff(services, viewerOf(c).id, "console.insights_exported", { details: { chart: id, from: values.from, to: values.to } });
    return csvResponse(c, `minnow-${id}-${values.from}-to-${values.to}.csv`, toCsv([values.bucket, ...chart.series.map((s) => s.label)], insights.buckets.map((b, i) => [b, ...chart.series.map((s) => s.values[i] ?? null)])));
  });
}
