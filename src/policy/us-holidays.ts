/**
 * US federal holidays (5 U.S.C. 6103) as local calendar dates, for states whose
 * quiet-hour rules forbid sending on legal holidays. Both the actual date and the
 * observed weekday (Saturday -> Friday, Sunday -> Monday) count: states differ in
 * which one they mean, so minnow avoids both.
 */

type CalendarDay = `${number}-${number}-${number}`;

function key(year: number, month0: number, day: number): CalendarDay {
  return `${year}-${month0 + 1}-${day}`;
}

/** Weekday (0 = Sunday) of a calendar date; UTC only so no zone can shift the date. */
function weekday(year: number, month0: number, day: number): number {
  return new Date(Date.UTC(year, month0, day)).getUTCDay();
}

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

function nthWeekday(year: number, month0: number, dayOfWeek: number, nth: number): number {
  const first = weekday(year, month0, 1);
  return 1 + ((dayOfWeek - first + 7) % 7) + (nth - 1) * 7;
}

function lastWeekday(year: number, month0: number, dayOfWeek: number): number {
  const last = daysInMonth(year, month0);
  return last - ((weekday(year, month0, last) - dayOfWeek + 7) % 7);
}

const FIXED: ReadonlyArray<[month0: number, day: number]> = [
  [0, 1], // New Year's Day
  [5, 19], // Juneteenth
  [6, 4], // Independence Day
  [10, 11], // Veterans Day
  [11, 25], // Christmas Day
];

const cache = new Map<number, Set<CalendarDay>>();

function holidaysOf(year: number): Set<CalendarDay> {
  const cached = cache.get(year);
  if (cached) return cached;
  const days = new Set<CalendarDay>();
  for (const [month0, day] of FIXED) {
    days.add(key(year, month0, day));
    const dow = weekday(year, month0, day);
    // Observed dates may fall in the neighbouring year (New Year's Day on a Saturday is observed on Dec 31).
    if (dow === 6) {
      const observed = new Date(Date.UTC(year, month0, day - 1));
      days.add(key(observed.getUTCFullYear(), observed.getUTCMonth(), observed.getUTCDate()));
    }
    if (dow === 0) days.add(key(year, month0, day + 1));
  }
  days.add(key(year, 0, nthWeekday(year, 0, 1, 3))); // Martin Luther King Jr. Day
  days.add(key(year, 1, nthWeekday(year, 1, 1, 3))); // Washington's Birthday
  days.add(key(year, 4, lastWeekday(year, 4, 1))); // Memorial Day
  days.add(key(year, 8, nthWeekday(year, 8, 1, 1))); // Labor Day
  days.add(key(year, 9, nthWeekday(year, 9, 1, 2))); // Columbus Day
  days.add(key(year, 10, nthWeekday(year, 10, 4, 4))); // Thanksgiving Day
  cache.set(year, days);
  return days;
}

/** True when the local calendar date is a federal holiday or its observed date. */
export function isUsFederalHoliday(year: number, month0: number, day: number): boolean {
  const date = key(year, month0, day);
  // The next year's New Year's Day can be observed on Dec 31 of this year.
  return holidaysOf(year).has(date) || (month0 === 11 && holidaysOf(year + 1).has(date));
}
