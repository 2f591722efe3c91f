import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { orderTouches, planTouch, touchDueAt } from "../../workflows/reminder-plan.js";

const H = 3_600_000;
const ZONE = "America/Chicago";
const start = new Date("2026-12-10T16:00:00Z");
const before = (h: number) => new Date(start.getTime() - h * H);
const touches = orderTouches(["72h", "24h"], "24h");

describe("orderTouches", () => {
  it("orders earliest first, folds in the reply touch and drops duplicates", () => {
    expect(orderTouches(["24h", "72h", "1440m"], "2h").map((t) => [t.name, t.asksForReply])).toEqual([["72h", false], ["24h", false], ["2h", true]]);
  });
  it.each(["", "soon", "72", "-1h"])("refuses the touch %j with the config path in the message", (bad) => {
    expect(() => orderTouches([bad], "24h")).toThrow(/reminders\.touches/);
  });
});

describe("planTouch", () => {
  it.each([
    // [hours before the appointment, touch index (0 = 72h, 1 = 24h), expected action]
    [80, 0, "wait"],
    [72, 0, "send"],
    [50, 0, "send"], // booked late: the 72h touch is the latest due one
    [50, 1, "wait"],
    [23, 0, "skip"], // never a 72h text at 23h
    [23, 1, "send"],
    [24, 1, "send"],
    [0.5, 1, "send"],
    [0, 1, "stop"],
    [-1, 0, "stop"],
  ] as const)("%s h before, touch %s: %s", (h, index, action) => {
    expect(planTouch(touches, index, start, before(h), ZONE).action).toBe(action);
  });

  it("waits until exactly the touch's moment", () => {
    expect(planTouch(touches, 1, start, before(30), ZONE)).toEqual({ action: "wait", until: before(24) });
  });

  it("refuses an index with no touch", () => {
    expect(() => planTouch(touches, 2, start, before(1), ZONE)).toThrow(RangeError);
  });

  it("at any moment, at most one touch is sent, it is the latest due one, and never after the start", () => {
    const names = fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 5 }).map((hs) => hs.map((h) => `${h}h`));
    fc.assert(
      fc.property(names, fc.integer({ min: -10 * H, max: 250 * H }), (list, msBefore) => {
        const ordered = orderTouches(list, list[0] ?? "24h");
        const now = new Date(start.getTime() - msBefore);
        const sends = ordered.map((_, i) => planTouch(ordered, i, start, now, ZONE).action).flatMap((a, i) => (a === "send" ? [i] : []));
        expect(sends.length).toBeLessThanOrEqual(1);
        if (msBefore <= 0) expect(sends).toEqual([]);
        const due = ordered.flatMap((t, i) => (t.offsetMs >= msBefore ? [i] : []));
        if (msBefore > 0 && due.length > 0) expect(sends).toEqual([due[due.length - 1]]);
      }),
    );
  });
});

/** The wall time an instant shows in a zone, as "YYYY-MM-DD HH:mm". */
function wall(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

describe("touch offsets in the location's zone, across DST", () => {
  const [dayBefore] = orderTouches(["24h"], "24h");
  // 2026: DST starts Sunday March 8 and ends Sunday November 1 in Denver; Phoenix keeps MST all year.
  it.each([
    ["Phoenix, March", "America/Phoenix", "2026-03-08T16:00:00Z", "2026-03-08 09:00", "2026-03-07 09:00", 24],
    ["Phoenix, November", "America/Phoenix", "2026-11-01T16:00:00Z", "2026-11-01 09:00", "2026-10-31 09:00", 24],
    ["Denver, the day DST starts", "America/Denver", "2026-03-08T15:00:00Z", "2026-03-08 09:00", "2026-03-07 09:00", 23],
    ["Denver, just after midnight the day after DST starts", "America/Denver", "2026-03-09T06:30:00Z", "2026-03-09 00:30", "2026-03-08 00:30", 23],
    ["Denver, the day DST ends", "America/Denver", "2026-11-01T16:00:00Z", "2026-11-01 09:00", "2026-10-31 09:00", 25],
    ["Denver, late on the day DST ends", "America/Denver", "2026-11-02T06:30:00Z", "2026-11-01 23:30", "2026-10-31 23:30", 25],
    ["Denver, an ordinary week", "America/Denver", "2026-03-18T15:00:00Z", "2026-03-18 09:00", "2026-03-17 09:00", 24],
  ])("%s: 24h before %s lands on the day before at the same local time", (_name, zone, startIso, startWall, dueWall, realHours) => {
    const appointment = new Date(startIso);
    expect(wall(appointment, zone)).toBe(startWall);
    const due = touchDueAt(dayBefore!, appointment, zone);
    expect(wall(due, zone)).toBe(dueWall);
    expect((appointment.getTime() - due.getTime()) / H).toBe(realHours);
  });

  it("counts whole days on the calendar and the rest in real time", () => {
    const [touch] = orderTouches(["36h"], "36h");
    // Wednesday 09:00 → Tuesday 09:00 → 12 real hours earlier: Monday 21:00.
    expect(wall(touchDueAt(touch!, new Date("2026-03-18T15:00:00Z"), "America/Denver"), "America/Denver")).toBe("2026-03-16 21:00");
    // Across the spring change the 12 real hours span the lost hour: Sunday 09:00 MDT → Saturday 20:00 MST.
    expect(wall(touchDueAt(touch!, new Date("2026-03-09T15:00:00Z"), "America/Denver"), "America/Denver")).toBe("2026-03-07 20:00");
  });

  it("plans by the zone it is given: the same instant is due at different moments in Denver and Phoenix", () => {
    const appointment = new Date("2026-03-08T16:00:00Z"); // 10:00 in Denver (MDT), 09:00 in Phoenix
    const justBefore = new Date("2026-03-07T16:30:00Z");
    expect(planTouch([dayBefore!], 0, appointment, justBefore, "America/Phoenix").action).toBe("send");
    expect(planTouch([dayBefore!], 0, appointment, justBefore, "America/Denver")).toEqual({ action: "wait", until: new Date("2026-03-07T17:00:00Z") });
  });
});
