import { TZDate } from "@date-fns/tz";
import { addDays, addMinutes, isWeekend, startOfDay } from "date-fns";

/** A doctor's working day in the sandbox: `slots` appointments of `slotMinutes` from `firstHour`, local time. */
export interface WorkingDay {
  timeZone: string;
  firstHour: number;
  slots: number;
  slotMinutes: number;
}

/**
 * The slot starts of every weekday from today to `horizonDays` ahead, in the day's own zone (so a
 * 09:00 slot is 09:00 there across DST), after `now` and before the horizon; `day` counts from today.
 */
export function weekdaySlotStarts(now: Date, horizonDays: number, working: WorkingDay): Array<{ day: number; start: Date }> {
  const starts: Array<{ day: number; start: Date }> = [];
  const horizon = addDays(now, horizonDays).getTime();
  const firstDay = startOfDay(new TZDate(now, working.timeZone));
  for (let day = 0; day <= horizonDays; day++) {
    const date = addDays(firstDay, day);
    if (isWeekend(date)) continue;
    for (let slot = 0; slot < working.slots; slot++) {
      const start = addMinutes(new TZDate(date.getFullYear(), date.getMonth(), date.getDate(), working.firstHour, 0, working.timeZone), slot * working.slotMinutes);
      if (start.getTime() > now.getTime() && start.getTime() < horizon) starts.push({ day, start: new Date(start.getTime()) });
    }
  }
  return starts;
}
