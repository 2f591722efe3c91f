import { TZDate } from "@date-fns/tz";

/**
 * An HL7 v2 date/time (DTM): `YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ]`. A value with an offset is
 * an instant; one without is wall time in the sender's zone, which for a practice's own
 * interface engine is the practice's zone. Anything else is null, so the caller can answer AE.
 */
const DTM = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,4}))?([+-]\d{4})?$/;

function inRange(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Minutes east of UTC for "+HHMM" / "-HHMM", or null when out of range. */
function offsetMinutes(offset: string): number | null {
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(3, 5));
  if (!inRange(hours, 0, 14) || !inRange(minutes, 0, 59)) return null;
  return (offset.startsWith("-") ? -1 : 1) * (hours * 60 + minutes);
}

export function parseHl7DateTime(value: string, timeZone: string): Date | null {
  const match = DTM.exec(value.trim());
  if (!match) return null;
  const [, y, mo = "01", d = "01", h = "00", mi = "00", s = "00", frac = "", offset] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  if (!inRange(month, 1, 12) || !inRange(day, 1, daysInMonth(year, month)) || !inRange(hour, 0, 23) || !inRange(minute, 0, 59) || !inRange(second, 0, 59)) return null;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  if (!offset) return new Date(new TZDate(year, month - 1, day, hour, minute, second, ms, timeZone).getTime());
  const east = offsetMinutes(offset);
  return east === null ? null : new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - east * 60_000);
}
