import { addDays, subHours } from "date-fns";
import { z } from "zod";
import { BulkExportError } from "../connectors/fhir/bulk-export/export-error.js";
import { SearchStrategyError } from "../connectors/fhir/search-strategy-error.js";
import { defineWorkflow } from "../src/engine/port.js";
import { errorKind, log } from "../src/log.js";
import type { Services } from "../src/runtime/services.js";
import type { GetServices } from "./services-getter.js";
import { activeRecipesOnce } from "./automation-triggers.js";
import { applyAppointment, applyBalance, type SyncWorkflows } from "./sync-apply.js";
import { importEhrConsents } from "./sync-consents.js";
import { applyInLanes } from "./sync-lanes.js";
import { sourceStreams } from "./sync-sources.js";
import { fireEhrWaitlistJoins } from "./ehr-waitlist-joins.js";
import { fireScheduledRecipes, scheduleLookbackMs } from "./automation-schedule.js";

/**
 * Pulls the horizon from every configured source, diffs it against what was seen, and starts the
 * work it implies: reminders for new and moved appointments, a waitlist fill for each cancellation,
 * payment reminders for new unpaid balances, the automations those changes trigger. One bad record
 * never stops the batch; it is counted. Each run also fires the schedule-triggered automations.
 */
export interface SyncSummary {
  sources: number;
  sourceErrors: number;
  appointments: number;
  skipped: number;
  new: number;
  moved: number;
  cancelled: number;
  changed: number;
  unchanged: number;
  remindersStarted: number;
  waitlistFillsStarted: number;
  consentsImported: number;
  balances: number;
  paymentRemindersStarted: number;
  errors: number;
}

function emptySummary(): SyncSummary {
  return { sources: 0, sourceErrors: 0, appointments: 0, skipped: 0, new: 0, moved: 0, cancelled: 0, changed: 0, unchanged: 0, remindersStarted: 0, waitlistFillsStarted: 0, consentsImported: 0, balances: 0, paymentRemindersStarted: 0, errors: 0 };
}


/**
 * How far back each sync looks: a no-show or a finished visit is marked after the appointment's
 * start, often the next morning, and those changes start automations. Past appointments start no
 * reminders (applyAppointment acts on upcoming bookings only).
 */
export const SYNC_LOOKBACK_HOURS = 24;

export async function runSync(services: Services, wf: SyncWorkflows): Promise<SyncSummary> {
  const summary = emptySummary();
  const now = services.clock.now();
  const window = { from: subHours(now, SYNC_LOOKBACK_HOURS), to: addDays(now, services.config.sync.horizonDays) };
  for (const { source, batches } of sourceStreams(services, window)) {
    summary.sources += 1;
    try {
      let page = 0;
      for await (const batch of batches) {
        page += 1;
        summary.appointments += batch.appointments.length;
        summary.balances += batch.balances.length;
        summary.skipped += batch.skipped;
        const onError = () => (summary.errors += 1);
        const recipes = activeRecipesOnce(services);
        await applyInLanes(batch.appointments, { laneOf: (r) => r.patientRef, refOf: (r) => r.ref, onError }, async (record) => {
          const applied = await applyAppointment(services, wf, record, recipes);
          summary[applied.change] += 1;
          if (applied.reminderStarted) summary.remindersStarted += 1;
          if (applied.waitlistStarted) summary.waitlistFillsStarted += 1;
          if (applied.consentImported) summary.consentsImported += 1;
        });
        if (batch.source === "fhir" && batch.appointments.length) summary.consentsImported += await importEhrConsents(services, batch.appointments);
        await applyInLanes(batch.balances, { laneOf: (b) => b.patientRef, refOf: (b) => b.ref, onError }, async (balance) => {
          if ((await applyBalance(services, wf, balance, recipes)).started) summary.paymentRemindersStarted += 1;
        });
        log.info("sync.page", { source, page, appointments: batch.appointments.length, balances: batch.balances.length, skipped: batch.skipped, errors: summary.errors });
      }
    } catch (err) {
      // A source that cannot be reached is reported; the others still sync, and the next run retries.
      summary.sourceErrors += 1;
      log.error("sync.source_failed", { source, errorKind: errorKind(err), ...(err instanceof SearchStrategyError || err instanceof BulkExportError ? { fix: err.fix } : {}) });
    }
  }
  log.info("sync.summary", { ...summary });
  return summary;
}

/** A five-field cron expression for "every N minutes" (N up to a day). */
export function everyMinutesCron(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) throw new RangeError(`sync.intervalMinutes must be a whole number from 1 to 1440, got ${minutes}.`);
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = Math.max(1, Math.round(minutes / 60));
  return hours >= 24 ? "0 0 * * *" : `0 */${hours} * * *`;
}

export function createSync(getServices: GetServices, wf: SyncWorkflows, opts: { intervalMinutes?: number } = {}) {
  return defineWorkflow({
    id: "sync",
    input: z.object({}),
    schedule: { cron: everyMinutesCron(opts.intervalMinutes ?? 5) },
    retry: { maxAttempts: 3 },
    async run(_input, step) {
      const services = await getServices();
      const summary = await step.run("pull-and-diff", () => runSync(services, wf));
      const { automationRun } = wf;
      if (automationRun) await step.run("scheduled-automations", () => fireScheduledRecipes(services, automationRun, scheduleLookbackMs(opts.intervalMinutes ?? 5)));
      if (automationRun) await step.run("ehr-waitlist-joins", () => fireEhrWaitlistJoins(services, automationRun));
      return summary;
    },
  });
}
