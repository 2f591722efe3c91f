import { log } from "../../src/log.js";
import { partitionMapped } from "../fhir/mapped.js";
import type { AppointmentRecord, SkippedResource } from "../records.js";
import { AcuityApiError } from "./acuity-error.js";
import type { AcuityClient } from "./client.js";
import { mapAcuityAppointment } from "./map-appointment.js";

/**
 * Appointments between two dates. Acuity v1 has no paging: `max` caps one response. We ask for
 * the cap in ascending order and report `truncated` when it is reached, so a caller can narrow the
 * window instead of silently missing appointments at its end.
 */
export interface AcuityWindow {
  /** Acuity reads these in the account's time zone; "YYYY-MM-DD" or an ISO date-time. */
  minDate: string;
  maxDate: string;
  calendarId?: string;
  /** Also fetch cancelled appointments (Acuity lists them only when asked with canceled=true). */
  includeCanceled?: boolean;
  max?: number;
}

export interface AcuityPull {
  appointments: AppointmentRecord[];
  skipped: SkippedResource[];
  truncated: boolean;
}

const DEFAULT_MAX = 2_000;

async function fetchList(client: AcuityClient, window: AcuityWindow, canceled: boolean, max: number): Promise<unknown[]> {
  const data = await client.request("GET", "/appointments", {
    query: { minDate: window.minDate, maxDate: window.maxDate, calendarID: window.calendarId, canceled: canceled || undefined, max, direction: "ASC", excludeForms: true },
  });
  if (!Array.isArray(data)) {
    throw new AcuityApiError("Acuity GET /appointments returned something other than a list; check ACUITY_BASE_URL points at /api/v1.", undefined, undefined, { kind: "invalid-response" });
  }
  return data as unknown[];
}

export async function pullAcuityAppointments(client: AcuityClient, window: AcuityWindow, options: { clientRefKey: string }): Promise<AcuityPull> {
  const max = window.max ?? DEFAULT_MAX;
  const lists = [{ canceled: false, items: await fetchList(client, window, false, max) }];
  if (window.includeCanceled) lists.push({ canceled: true, items: await fetchList(client, window, true, max) });

  const appointments: AppointmentRecord[] = [];
  const skipped: SkippedResource[] = [];
  for (const { canceled, items } of lists) {
    const mapped = partitionMapped(items, (raw) => mapAcuityAppointment(raw, { clientRefKey: options.clientRefKey, fromCanceledList: canceled }), "acuity.appointment.skipped");
    appointments.push(...mapped.values);
    skipped.push(...mapped.skipped);
  }
  const truncated = lists.some((list) => list.items.length >= max);
  if (truncated) log.warn("acuity.pull.truncated", { max, minDate: window.minDate, maxDate: window.maxDate });
  log.info("acuity.pull.done", { appointments: appointments.length, skipped: skipped.length, truncated });
  return { appointments, skipped, truncated };
}
