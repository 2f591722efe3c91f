import { describe, expect, it } from "vitest";
import { cronToSchedule, describeCron, scheduleToCron } from "../../src/console/data/cron-words.js";

describe("schedules in words and cron", () => {
  it.each([
    ["0 10 * * *", "every day at 10:00 AM"],
    ["30 8 * * 1-5", "every weekday (Monday to Friday) at 8:30 AM"],
    ["0 12 * * 1", "every Monday at 12:00 PM"],
    ["5 0 * * 0", "every Sunday at 12:05 AM"],
    ["0 14 1 * *", "on day 1 of every month at 2:00 PM"],
    ["0 9 15 1 *", 'on the schedule "0 9 15 1 *" (minute, hour, day of the month, month, day of the week)'],
    ["*/5 * * * *", 'on the schedule "*/5 * * * *" (minute, hour, day of the month, month, day of the week)'],
  ])("reads %s as %s, and the editor's shape gives the same cron back", (cron, words) => {
    expect(describeCron(cron)).toBe(words);
    const schedule = cronToSchedule(cron);
    expect(scheduleToCron(schedule)).toEqual({ ok: true, cron });
  });

  it("keeps a day of the month past 28 as a cron line rather than a monthly shape that cannot hold it", () => {
    expect(cronToSchedule("0 9 31 * *").every).toBe("custom");
  });

  it("refuses a time that is not a time, and a weekday outside the week", () => {
    const base = cronToSchedule("0 10 * * 1");
    expect(scheduleToCron({ ...base, time: "10am" })).toMatchObject({ ok: false, field: "time" });
    expect(scheduleToCron({ ...base, time: "9:75" })).toMatchObject({ ok: false, field: "time" });
    expect(scheduleToCron({ ...base, weekday: "7" })).toMatchObject({ ok: false, field: "weekday" });
    expect(scheduleToCron({ ...base, every: "hourly" })).toMatchObject({ ok: false, field: "every" });
  });
});
