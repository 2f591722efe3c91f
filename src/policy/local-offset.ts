import { TZDate } from "@date-fns/tz";
import { addDays } from "date-fns";
import { boundedMemo } from "./bounded-memo.js";

/**
 * "24h before" a 9:00 appointment means 9:00 the day before, where the appointment is: whole days
 * of an offset are counted on the location's calendar, so across a DST change "24h" is 23 or 25
 * real hours and still lands on the right local day at the same wall time. What is left over
 * (the 12 hours of "36h", the whole of "90m") is real elapsed time.
 */
const DAY_MS = 86_400_000;
/** A day's fan-out shifts the same appointment times by the same days many times over. */
const shifted = boundedMemo<number>(20_000);

/** The same local wall time `days` days later (negative: earlier), across a DST change too. */
function shiftDays(from: Date, days: number, timeZone: string): Date {
  if (days === 0) return from;
  return new Date(shifted(`${timeZone}|${from.getTime()}|${days}`, () => addDays(new TZDate(from.getTime(), timeZone), days).getTime()));
}

export function beforeInZone(start: Date, offsetMs: number, timeZone: string): Date {
  if (!Number.isFinite(offsetMs) || offsetMs < 0) throw new RangeError(`An offset before an appointment must be zero or more milliseconds, got ${offsetMs}.`);
  const days = Math.floor(offsetMs / DAY_MS);
  const rest = offsetMs - days * DAY_MS;
  const sameWallTime = shiftDays(start, -days, timeZone);
  return new Date(sameWallTime.getTime() - rest);
}

/** The same rule forwards: "3d after" a visit at 16:00 is 16:00 three local days later, across a DST change too. */
export function afterInZone(from: Date, offsetMs: number, timeZone: string): Date {
  if (!Number.isFinite(offsetMs) || offsetMs < 0) throw new RangeError(`An offset after an instant must be zero or more milliseconds, got ${offsetMs}.`);
  const days = Math.floor(offsetMs / DAY_MS);
  const rest = offsetMs - days * DAY_MS;
  const sameWallTime = shiftDays(from, days, timeZone);
  return new Date(sameWallTime.getTime() + rest);
}
