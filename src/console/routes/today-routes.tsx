/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { activeHookDestinations, buildBoundaryReport } from "../../runtime/boundary-report.js";
import type { Services } from "../../runtime/services.js";
import { auditStaff } from "../audit.js";
import type { ConsoleApp, ConsoleEnv } from "../context.js";
import { SearchStrategyError } from "../../../connectors/fhir/search-strategy-error.js";
import { hasScheduleSource, readDaySchedule, type Visit } from "../data/day-schedule.js";
import { practiceDirectory } from "../data/ehr-directory.js";
import { buildScheduleView } from "../data/schedule-view.js";
import { pageContext, renderFragment, renderPage, requireAccess, viewerOf } from "../page.js";
import { ScheduleRegion, TodayPage, type TodayFilters } from "../pages/today-page.js";
import { errorKind, log } from "../../log.js";
import { isBackgroundRefresh } from "../security/session.js";
import { dayBounds, dayKey, displayZone, formatLongDate, shiftDay } from "../time.js";

/**
 * Today: the day's appointments from the EHR and the HL7 feed with what minnow did about each (reminders, the
 * patient's answer, consent, opt-out). The table refreshes itself every few seconds, so a patient
 * texting C shows as confirmed without a reload.
 */
async function readFilters(c: Context<ConsoleEnv>, services: Services) {
  const zone = displayZone(services.config);
  const today = dayKey(services.clock.now(), zone);
  const asked = c.req.query("date") ?? today;
  const bounds = dayBounds(asked, zone);
  const filters: TodayFilters = { date: bounds ? asked : today, location: c.req.query("location") ?? "", practitioner: c.req.query("practitioner") ?? "" };
  return { filters, today, zone, bounds: bounds ?? dayBounds(today, zone), dateError: bounds ? undefined : "Enter a real date, for example 2026-12-02" };
}

const SOURCE_NAMES: Record<Visit["source"], string> = { fhir: "your EHR", acuity: "Acuity", hl7: "the scheduling feed" };

/** What the front desk reads when a source cannot be read: what is missing, and the fix when there is one. */
function failureWords(source: Visit["source"], error: unknown): string {
  if (error instanceof SearchStrategyError) {
    return `Your EHR refused the schedule search, so the EHR's appointments cannot be shown. An administrator can fix this in the settings file: ${error.fix}`;
  }
  log.warn("console.today.source_failed", { source, errorKind: errorKind(error) });
  return `minnow could not reach ${SOURCE_NAMES[source]} just now, so its appointments are missing from this list. Reload the page to try again.`;
}

/** The day's visits from every source that answered, and what is missing, in words. */
async function readVisits(services: Services, bounds: { from: Date; to: Date } | null): Promise<{ visits: Visit[]; problem?: string }> {
  if (!bounds) return { visits: [] };
  const { visits, failures } = await readDaySchedule(services, bounds);
  const problem = failures.map(({ source, error }) => failureWords(source, error)).join(" ");
  return { visits, ...(problem ? { problem } : {}) };
}

async function schedule(services: Services, filters: TodayFilters, bounds: { from: Date; to: Date } | null) {
  const [{ visits, problem }, directory] = await Promise.all([readVisits(services, bounds), practiceDirectory(services)]);
  const shown = visits.filter((v) => (!filters.location || v.locationRef === filters.location) && (!filters.practitioner || v.practitionerRef === filters.practitioner));
  return { directory, view: await buildScheduleView(services, shown, directory), ...(problem ? { problem } : {}) };
}

export function mountTodayRoutes(app: ConsoleApp, services: Services): void {
  app.get("/today", requireAccess(services, "schedule"), async (c) => {
    const { filters, today, zone, bounds, dateError } = await readFilters(c, services);
    const { directory, view, problem } = await schedule(services, filters, bounds);
    const patientRefs = [...new Set(view.rows.map((r) => r.visit.patientRef).filter((r): r is string => !!r))];
    await auditStaff(services, viewerOf(c).id, "console.schedule_viewed", { details: { date: filters.date, appointments: view.rows.length, patientRefs } });
    const hooks = await activeHookDestinations(services.store);
    const title = filters.date === today ? `Today, ${formatLongDate(bounds?.from ?? new Date(), zone)}` : formatLongDate(bounds?.from ?? new Date(), zone);
    return renderPage(
      c,
      services,
      (page) => (
        <TodayPage
          page={page}
          title={title}
          filters={filters}
          days={{ previous: shiftDay(filters.date, -1, zone), today, next: shiftDay(filters.date, 1, zone) }}
          directory={directory}
          view={view}
          hasSource={hasScheduleSource(services)}
          boundary={buildBoundaryReport(services.env, services.config, hooks)}
          {...(problem ? { problem } : {})}
          {...(dateError ? { errors: { date: dateError } } : {})}
        />
      ),
      dateError ? 422 : 200,
    );
  });

  // The live part of the page; a background refresh, so it neither counts as activity nor re-audits the view.
  app.get("/today/rows", requireAccess(services, "schedule"), async (c) => {
    const { filters, bounds } = await readFilters(c, services);
    const { view, problem } = await schedule(services, filters, bounds);
    if (!isBackgroundRefresh(c)) await auditStaff(services, viewerOf(c).id, "console.schedule_viewed", { details: { date: filters.date, appointments: view.rows.length, patientRefs: view.rows.flatMap((r) => (r.visit.patientRef ? [r.visit.patientRef] : [])) } });
    const page = await pageContext(c, services);
    return renderFragment(c, <ScheduleRegion view={view} page={page} hasSource={hasScheduleSource(services)} {...(problem ? { problem } : {})} />);
  });
}
