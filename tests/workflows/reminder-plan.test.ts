import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { orderTouches, planTouch } from "../../workflows/reminder-plan.js";

const H = 3_600_000;
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
    expect(planTouch(touches, index, start, before(h)).action).toBe(action);
  });

  it("waits until exactly the touch's moment", () => {
    expect(planTouch(touches, 1, start, before(30))).toEqual({ action: "wait", until: before(24) });
  });

  it("refuses an index with no touch", () => {
    expect(() => planTouch(touches, 2, start, before(1))).toThrow(RangeError);
  });

  it("at any moment, at most one touch is sent, it is the latest due one, and never after the start", () => {
    const names = fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 5 }).map((hs) => hs.map((h) => `${h}h`));
    fc.assert(
      fc.property(names, fc.integer({ min: -10 * H, max: 250 * H }), (list, msBefore) => {
        const ordered = orderTouches(list, list[0] ?? "24h");
        const now = new Date(start.getTime() - msBefore);
        const sends = ordered.map((_, i) => planTouch(ordered, i, start, now).action).flatMap((a, i) => (a === "send" ? [i] : []));
        expect(sends.length).toBeLessThanOrEqual(1);
        if (msBefore <= 0) expect(sends).toEqual([]);
        const due = ordered.flatMap((t, i) => (t.offsetMs >= msBefore ? [i] : []));
        if (msBefore > 0 && due.length > 0) expect(sends).toEqual([due[due.length - 1]]);
      }),
    );
  });
});
