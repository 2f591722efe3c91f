import { TZDate } from "@date-fns/tz";
import { addDays } from "date-fns";
import type { PracticeConfig } from "../config/practice.js";
import { resolveLocation, type LocatedAppointment, type LocationServices } from "../locations/resolve-location.js";

/**
 * Times on the console, in words a front desk reads: "9:30 AM", "Wed, Dec 2", "8:00 AM CT".
 * Pages speak in the practice's zone (`displayZone`); an appointment's own time is written in
 * its location's zone (`appointmentZone`, the same answer the reminders use).
 */
export function displayZone(config: Pick<PracticeConfig, "practice">): string {
  return config.practice.timeZone;
}

/** The zone an appointment's times are written in: its location's (resolveLocation). */
export async function appointmentZone(services: LocationServices, appointment: LocatedAppointment): Promise<string> {
  return (await resolveLocation(services, appointment)).timeZone;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function format(at: Date, zone: string, options: Intl.DateTimeFormatOptions): string {
  const key = `${zone}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone: zone, ...options });
    formatters.set(key, formatter);
  }
  return formatter.format(at);
}

export const formatTime = (at: Date, zone: string): string => format(at, zone, { hour: "numeric", minute: "2-digit" });
/** "8:00 AM CT": the zone named, for times that may not be the reader's own. */
export const formatTimeInZone = (at: Date, zone: string): string => format(at, zone, { hour: "numeric", minute: "2-digit", timeZoneName: "shortGeneric" });
export const formatDate = (at: Date, zone: string): string => format(at, zone, { weekday: "short", month: "short", day: "numeric" });
export const formatLongDate = (at: Date, zone: string): string => format(at, zone, { weekday: "long", month: "long", day: "numeric", year: "numeric" });

/** "Wed, Dec 2, 9:30 AM", or just the time when it is today. */
export function formatWhen(at: Date, zone: string, now: Date): string {
  return dayKey(at, zone) === dayKey(now, zone) ? `today ${formatTime(at, zone)}` : `${formatDate(at, zone)}, ${formatTime(at, zone)}`;
}

/** The calendar date ("2026-12-02") of an instant in a zone. */
export function dayKey(at: Date, zone: string): string {
  const local = new TZDate(at, zone);
  return `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, "0")}-${String(local.getDate()).padStart(2, "0")}`;
}

const DATE_INPUT = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date picker's value ("2026-12-02") as the local day's bounds in a zone, or null when it is not a real date. */
export function dayBounds(value: string, zone: string): { from: Date; to: Date } | null {
  const match = DATE_INPUT.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = new TZDate(year, month - 1, day, 0, 0, 0, zone);
  if (start.getFullYear() !== year || start.getMonth() !== month - 1 || start.getDate() !== day) return null;
  return { from: new Date(start.getTime()), to: new Date(addDays(start, 1).getTime()) };
}

/** A date picker's value shifted by whole days ("previous day", "next day"). */
export function shiftDay(value: string, days: number, zone: string): string {
  const bounds = dayBounds(value, zone);
  if (!bounds) return value;
  return dayKey(new Date(addDays(new TZDate(bounds.from, zone), days).getTime()), zone);
}
