/**
 * Reads the date-like values templates receive. An ISO string with an offset (FHIR instants,
 * Acuity datetimes), a Date or epoch milliseconds is an instant, shown in the practice's zone.
 * A bare date ("2026-03-10"), a bare time ("14:30") or a date-time without offset is a wall
 * reading, shown as written: shifting it through UTC would move a date-only value to the day before.
 */
export type TemplateInstant =
  | { kind: "instant"; date: Date; hasDate: true; hasTime: true }
  | { kind: "wall"; wall: Date; hasDate: boolean; hasTime: boolean };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_ONLY = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** A wall reading as a UTC Date, or undefined when a field is out of range (2026-02-30, 25:00). */
function wallDate(year: number, month: number, day: number, hours: number, minutes: number, seconds: number): Date | undefined {
  // Built in UTC and formatted in UTC, so the host's own zone (and its DST gaps) never shifts it.
  const date = new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds));
  const valid = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    && hours < 24 && minutes < 60 && seconds < 60;
  return valid ? date : undefined;
}

function wall(date: Date | undefined, hasDate: boolean, hasTime: boolean): TemplateInstant | undefined {
  return date === undefined ? undefined : { kind: "wall", wall: date, hasDate, hasTime };
}

function fromString(text: string): TemplateInstant | undefined {
  const value = text.trim();
  const dateOnly = DATE_ONLY.exec(value);
  if (dateOnly) return wall(wallDate(Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3]), 12, 0, 0), true, false);
  const timeOnly = TIME_ONLY.exec(value);
  if (timeOnly) return wall(wallDate(2000, 1, 1, Number(timeOnly[1]), Number(timeOnly[2]), Number(timeOnly[3] ?? 0)), false, true);
  const local = LOCAL_DATE_TIME.exec(value);
  if (local) {
    const [y, mo, d, h, mi, s] = local.slice(1, 7).map((part) => Number(part ?? 0));
    return wall(wallDate(y ?? 0, mo ?? 0, d ?? 0, h ?? 0, mi ?? 0, s ?? 0), true, true);
  }
  if (!WITH_OFFSET.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : { kind: "instant", date, hasDate: true, hasTime: true };
}

export function toTemplateInstant(value: unknown): TemplateInstant | undefined {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? undefined : { kind: "instant", date: value, hasDate: true, hasTime: true };
  }
  if (typeof value === "number" && Number.isFinite(value)) return { kind: "instant", date: new Date(value), hasDate: true, hasTime: true };
  if (typeof value === "string") return fromString(value);
  return undefined;
}
