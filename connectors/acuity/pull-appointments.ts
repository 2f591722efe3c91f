import { log } from "../../src/log.js";
import { partitionMapped } from "../fhir/mapped.js";
import type { AppointmentRecord, SkippedResource } from "../records.js";
import { AcuityApiError } from "./acuity-error.js";
import type { AcuityClient } from "./client.js";
import { mapAcuityAppointment } from "./map-appointment.js";

/**
 * Appointments between two dates. Acuity v1 has no paging: `max` caps one response. A response
 * that reaches the cap may have lost appointments at its end, so its window is split in two halves
 * of whole days and each is asked again, down to a single day. Only a single day with more
 * appointments than the cap is left `truncated` (and said in the log with the fix).
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

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** Two halves of whole days, or undefined for a single day (or a window not in plain dates). */
export function splitDates(minDate: string, maxDate: string): [[string, string], [string, string]] | undefined {
  if (!PLAIN_DATE.test(minDate) || !PLAIN_DATE.test(maxDate)) return undefined;
  const from = Date.parse(`${minDate}T00:00:00Z`);
  const days = Math.round((Date.parse(`${maxDate}T00:00:00Z`) - from) / DAY_MS) + 1;
  if (!(days > 1)) return undefined;
  const day = (offset: number): string => new Date(from + offset * DAY_MS).toISOString().slice(0, 10);
  const leftDays = Math.floor(days / 2);
  return [[minDate, day(leftDays - 1)], [day(leftDays), maxDate]];
}

/** Every appointment in the window, splitting it while a response reaches the cap. */
async function fetchComplete(client: AcuityClient, window: AcuityWindow, canceled: boolean, max: number, truncatedDays: string[]): Promise<unknown[]> {
  const items = await fetchList(client, window, canceled, max);
  if (items.length < max) return items;
  const halves = splitDates(window.minDate, window.maxDate);
  if (!halves) {
    truncatedDays.push(window.minDate);
    return items;
  }
  log.debug("acuity.pull.split", { minDate: window.minDate, maxDate: window.maxDate, max });
  const out: unknown[] = [];
  for (const [minDate, maxDate] of halves) out.push(...(await fetchComplete(client, { ...window, minDate, maxDate }, canceled, max, truncatedDays)));
  return out;
}

/** The raw appointments of the window (and the cancelled ones when asked), and the days left truncated. */
export async function listAcuityAppointments(client: AcuityClient, window: AcuityWindow): Promise<{ lists: Array<{ canceled: boolean; items: unknown[] }>; truncatedDays: string[] }> {
  const max = window.max ?? DEFAULT_MAX;
  const truncatedDays: string[] = [];
  const lists = [{ canceled: false, items: await fetchComplete(client, window, false, max, truncatedDays) }];
  if (window.includeCanceled) lists.push({ canceled: true, items: await fetchComplete(client, window, true, max, truncatedDays) });
  return { lists, truncatedDays };
}

export async function pullAcuityAppointments(client: AcuityClient, window: AcuityWindow, options: { clientRefKey: string }): Promise<AcuityPull> {
  const max = window.max ?? DEFAULT_MAX;
  const { lists, truncatedDays } = await listAcuityAppointments(client, window);

  const appointments: AppointmentRecord[] = [];
  const skipped: SkippedResource[] = [];
  for (const { canceled, items } of lists) {
    const mapped = partitionMapped(items, (raw) => mapAcuityAppointment(raw, { clientRefKey: options.clientRefKey, fromCanceledList: canceled }), "acuity.appointment.skipped");
    appointments.push(...mapped.values);
    skipped.push(...mapped.skipped);
  }
  const truncated = truncatedDays.length > 0;
  if (truncated) log.warn("acuity.pull.truncated", { max, days: truncatedDays, fix: "a single day holds more appointments than one Acuity response; pull per calendar (calendarId)" });
  log.info("acuity.pull.done", { appointments: appointments.length, skipped: skipped.length, truncated });
  return { appointments, skipped, truncated };
}
