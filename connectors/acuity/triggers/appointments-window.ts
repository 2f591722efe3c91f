import { TZDate } from "@date-fns/tz";
import { addDays, format } from "date-fns";
import type { TriggerDefinition } from "../../define.js";
import type { AppointmentRecord } from "../../records.js";

/**
 * The polling fallback (Zapier's performList): every upcoming appointment in a window of days,
 * cancelled ones included so a freed slot is noticed even if its webhook was lost. Each record
 * carries a stable `ref` for dedupe. The sync pulls it (workflows/sync-sources.ts) in the
 * account's local dates: `days` ahead counting today, in `timeZone`.
 */
export function acuityWindowDates(now: Date, days: number, timeZone: string): { minDate: string; maxDate: string } {
  if (!Number.isInteger(days) || days < 1) throw new Error(`The Acuity polling window must be at least 1 whole day, got ${days}.`);
  const local = new TZDate(now, timeZone);
  return { minDate: format(local, "yyyy-MM-dd"), maxDate: format(addDays(local, days - 1), "yyyy-MM-dd") };
}

/** What the sample shows: the record minus `start` and `contact`, which are PHI. */
export type AppointmentsWindowSample = Pick<AppointmentRecord, "source" | "ref" | "patientRef" | "status" | "practitionerRef" | "payment" | "smsOptIn">;

export const appointmentsWindowTrigger: TriggerDefinition<AppointmentsWindowSample> = {
  id: "appointments-window",
  displayName: "Upcoming appointments (polling)",
  strategy: "polling",
  why: "Webhooks can be lost, deduplicated or never subscribed (a static webhook set by hand, a firewall); a periodic pull of the next days reconciles them. Acuity has no paging or change feed, so the pull is a bounded date window, capped by `max`.",
  sample: { source: "acuity", ref: "acuity:1000001", patientRef: "acuity-client:sample0000000000000000", status: "booked", practitionerRef: "acuity-calendar:2001", payment: { paid: false }, smsOptIn: true },
};
