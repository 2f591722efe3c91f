/**
 * A schedule as a practice manager says it ("every Monday at 10:00 AM") and as a recipe stores it
 * (cron: minute hour day-of-month month day-of-week). The editor offers the common shapes; any
 * other cron is kept as typed and read back in words as far as it can be.
 */
export const SCHEDULE_SHAPES = ["day", "weekday", "week", "month", "custom"] as const;
export type ScheduleShape = (typeof SCHEDULE_SHAPES)[number];

export interface ScheduleDraft {
  /** One of SCHEDULE_SHAPES, as typed. */
  every: string;
  /** "HH:MM", 24-hour. */
  time: string;
  /** 0 (Sunday) to 6, as text. */
  weekday: string;
  /** 1 to 28, as text. */
  monthDay: string;
  /** The cron typed for a custom schedule. */
  cron: string;
}

export const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

export const SHAPE_WORDS: Record<ScheduleShape, string> = {
  day: "Every day",
  weekday: "Every weekday (Monday to Friday)",
  week: "Once a week",
  month: "Once a month",
  custom: "Something else (a cron line)",
};

const CRON = /^\S+( \S+){4}$/;

function clock(hour: number, minute: number): string {
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}:${String(minute).padStart(2, "0")} ${hour < 12 ? "AM" : "PM"}`;
}

/** The cron line for a schedule draft, or which field is wrong and why. */
export function scheduleToCron(draft: ScheduleDraft): { ok: true; cron: string } | { ok: false; field: keyof ScheduleDraft; message: string } {
  if (draft.every === "custom") {
    const cron = draft.cron.trim().replace(/\s+/g, " ");
    if (!CRON.test(cron)) return { ok: false, field: "cron", message: "Write five parts separated by spaces (minute, hour, day of the month, month, day of the week), like 0 10 * * 1 for Mondays at 10:00 AM" };
    return { ok: true, cron };
  }
  if (!(SCHEDULE_SHAPES as readonly string[]).includes(draft.every)) return { ok: false, field: "every", message: "Choose how often the automation runs" };
  const time = /^(\d{1,2}):(\d{2})$/.exec(draft.time.trim());
  const hour = Number(time?.[1]);
  const minute = Number(time?.[2]);
  if (!time || hour > 23 || minute > 59) return { ok: false, field: "time", message: "Enter a time of day, like 10:00 or 14:30" };
  const at = `${minute} ${hour}`;
  if (draft.every === "day") return { ok: true, cron: `${at} * * *` };
  if (draft.every === "weekday") return { ok: true, cron: `${at} * * 1-5` };
  if (draft.every === "week") {
    const day = Number(draft.weekday);
    if (!/^[0-6]$/.test(draft.weekday)) return { ok: false, field: "weekday", message: "Choose the day of the week" };
    return { ok: true, cron: `${at} * * ${day}` };
  }
  const day = Number(draft.monthDay);
  if (!/^\d{1,2}$/.test(draft.monthDay.trim()) || day < 1 || day > 28) return { ok: false, field: "monthDay", message: "Enter a day of the month from 1 to 28 (every month has those)" };
  return { ok: true, cron: `${at} ${day} * *` };
}

/** The editor's fields for a cron line: a common shape when it is one, else "custom". */
export function cronToSchedule(cron: string): ScheduleDraft {
  const custom: ScheduleDraft = { every: "custom", time: "10:00", weekday: "1", monthDay: "1", cron };
  const match = /^(\d{1,2}) (\d{1,2}) (\S+) \* (\S+)$/.exec(cron.trim());
  if (!match) return custom;
  const [, minute = "", hour = "", dom = "", dow = ""] = match;
  if (Number(minute) > 59 || Number(hour) > 23) return custom;
  const time = `${hour.padStart(2, "0")}:${minute.padStart(2, "0")}`;
  if (dom === "*" && dow === "*") return { ...custom, every: "day", time };
  if (dom === "*" && dow === "1-5") return { ...custom, every: "weekday", time };
  if (dom === "*" && /^[0-6]$/.test(dow)) return { ...custom, every: "week", time, weekday: dow };
  if (dow === "*" && /^\d{1,2}$/.test(dom) && Number(dom) >= 1 && Number(dom) <= 28) return { ...custom, every: "month", time, monthDay: String(Number(dom)) };
  return custom;
}

/** "every Monday at 10:00 AM"; a cron line of another shape is quoted as it is. */
export function describeCron(cron: string): string {
  const schedule = cronToSchedule(cron);
  const [hour = 0, minute = 0] = schedule.time.split(":").map(Number);
  const at = clock(hour, minute);
  switch (schedule.every) {
    case "day":
      return `every day at ${at}`;
    case "weekday":
      return `every weekday (Monday to Friday) at ${at}`;
    case "week":
      return `every ${WEEKDAY_NAMES[Number(schedule.weekday)]} at ${at}`;
    case "month":
      return `on day ${schedule.monthDay} of every month at ${at}`;
    default:
      return `on the schedule "${cron}" (minute, hour, day of the month, month, day of the week)`;
  }
}
