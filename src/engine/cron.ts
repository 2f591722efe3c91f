import { TZDate } from "@date-fns/tz";

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week), evaluated in a
 * time zone (UTC by default). Fields accept `*`, numbers, ranges `a-b`, steps `/n`, lists `a,b`,
 * and month/day names (JAN, MON). As in classic cron, when both day fields are restricted a day
 * matching either one fires.
 */
export interface CronSchedule {
  expression: string;
  timeZone: string;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  daysOfWeek: ReadonlySet<number>;
  dayOfMonthRestricted: boolean;
  dayOfWeekRestricted: boolean;
}

interface FieldSpec {
  label: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { label: "minute", min: 0, max: 59 },
  { label: "hour", min: 0, max: 23 },
  { label: "day-of-month", min: 1, max: 31 },
  { label: "month", min: 1, max: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] },
  { label: "day-of-week", min: 0, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];

const MINUTE_MS = 60_000;
/** Every valid expression fires within 8 years (Feb 29 skips 2100); searching further means never. */
const HORIZON_MS = 9 * 366 * 24 * 3_600_000;

function parseValue(raw: string, spec: FieldSpec, expression: string): number {
  const nameIndex = spec.names?.indexOf(raw.toUpperCase()) ?? -1;
  const value = nameIndex >= 0 ? nameIndex + spec.min : /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < spec.min || value > spec.max) {
    throw new Error(`Cron "${expression}": ${spec.label} value "${raw}" must be ${spec.min}-${spec.max}${spec.names ? " or a name like " + spec.names[0] : ""}.`);
  }
  return value;
}

function parseField(field: string, spec: FieldSpec, expression: string): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(",")) {
    const [range = "", stepRaw, extra] = part.split("/");
    if (extra !== undefined || range === "") throw new Error(`Cron "${expression}": ${spec.label} part "${part}" is malformed; use forms like */5, 1-5, 1,15.`);
    const step = stepRaw === undefined ? 1 : Number(stepRaw);
    if (!Number.isInteger(step) || step < 1) throw new Error(`Cron "${expression}": ${spec.label} step "${stepRaw}" must be a positive integer.`);
    let low: number;
    let high: number;
    if (range === "*") [low, high] = [spec.min, spec.max];
    else if (range.includes("-")) {
      const [a = "", b = ""] = range.split("-");
      [low, high] = [parseValue(a, spec, expression), parseValue(b, spec, expression)];
      if (low > high) throw new Error(`Cron "${expression}": ${spec.label} range "${range}" runs backwards.`);
    } else {
      low = parseValue(range, spec, expression);
      high = stepRaw === undefined ? low : spec.max;
    }
    for (let v = low; v <= high; v += step) values.add(v);
  }
  return values;
}

export function parseCron(expression: string, timeZone = "UTC"): CronSchedule {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`Cron "${expression}" must have five fields: minute hour day-of-month month day-of-week.`);
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch (cause) {
    throw new Error(`Cron "${expression}": unknown time zone "${timeZone}"; use an IANA name like America/Chicago.`, { cause });
  }
  const [minutes, hours, daysOfMonth, months, daysOfWeek] = FIELDS.map((spec, i) => parseField(fields[i] ?? "", spec, expression));
  if (!minutes || !hours || !daysOfMonth || !months || !daysOfWeek) throw new Error(`Cron "${expression}" could not be parsed.`);
  if (daysOfWeek.delete(7)) daysOfWeek.add(0);
  return {
    expression,
    timeZone,
    minutes,
    hours,
    daysOfMonth,
    months,
    daysOfWeek,
    dayOfMonthRestricted: fields[2] !== "*",
    dayOfWeekRestricted: fields[4] !== "*",
  };
}

function dayMatches(s: CronSchedule, t: TZDate): boolean {
  const dom = s.daysOfMonth.has(t.getDate());
  const dow = s.daysOfWeek.has(t.getDay());
  if (s.dayOfMonthRestricted && s.dayOfWeekRestricted) return dom || dow;
  return dom && dow;
}

/** The first unit (month, day, hour, minute) of `t` that does not match, or null when `t` fires. */
function mismatch(s: CronSchedule, t: TZDate): "month" | "day" | "hour" | "minute" | null {
  if (!s.months.has(t.getMonth() + 1)) return "month";
  if (!dayMatches(s, t)) return "day";
  if (!s.hours.has(t.getHours())) return "hour";
  if (!s.minutes.has(t.getMinutes())) return "minute";
  return null;
}

function startOf(unit: "month" | "day" | "hour" | "minute", t: TZDate, offset: number, tz: string): number {
  const y = t.getFullYear();
  const m = t.getMonth();
  const d = t.getDate();
  const h = t.getHours();
  if (unit === "month") return new TZDate(y, m + offset, 1, 0, 0, tz).getTime();
  if (unit === "day") return new TZDate(y, m, d + offset, 0, 0, tz).getTime();
  if (unit === "hour") return new TZDate(y, m, d, h + offset, 0, tz).getTime();
  return new TZDate(y, m, d, h, t.getMinutes() + offset, tz).getTime();
}

/** The first fire time strictly after `after`. */
export function nextFireAfter(s: CronSchedule, after: Date): Date {
  let ms = Math.floor(after.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const limit = ms + HORIZON_MS;
  while (ms < limit) {
    const t = new TZDate(ms, s.timeZone);
    const unit = mismatch(s, t);
    if (!unit) return new Date(ms);
    const next = startOf(unit, t, 1, s.timeZone);
    // Around DST changes a wall-clock start can resolve to an earlier instant; never go back.
    ms = next > ms ? next : ms + MINUTE_MS;
  }
  throw new Error(`Cron "${s.expression}" never fires; check the day and month fields.`);
}

/** The latest fire time at or before `at`. */
export function previousFireAtOrBefore(s: CronSchedule, at: Date): Date {
  let ms = Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS;
  const limit = ms - HORIZON_MS;
  while (ms > limit) {
    const t = new TZDate(ms, s.timeZone);
    const unit = mismatch(s, t);
    if (!unit) return new Date(ms);
    const previous = startOf(unit, t, 0, s.timeZone) - MINUTE_MS;
    ms = previous < ms ? previous : ms - MINUTE_MS;
  }
  throw new Error(`Cron "${s.expression}" never fires; check the day and month fields.`);
}
