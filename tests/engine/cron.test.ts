import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TZDate } from "@date-fns/tz";
import { nextFireAfter, parseCron, previousFireAtOrBefore } from "../../src/engine/cron.js";

describe("parseCron", () => {
  it.each([
    ["four fields", "0 9 * *", /five fields/],
    ["minute out of range", "60 * * * *", /minute value "60"/],
    ["hour out of range", "0 24 * * *", /hour value "24"/],
    ["backwards range", "0 9 * * 5-1", /runs backwards/],
    ["zero step", "*/0 * * * *", /step "0" must be a positive/],
    ["unknown name", "0 9 * FOO *", /month value "FOO"/],
    ["empty list item", "0,,5 * * * *", /malformed/],
  ])("refuses %s, naming the field", (_label, expr, message) => {
    expect(() => parseCron(expr)).toThrow(message);
  });

  it("reads names, ranges, steps, lists and 7 as Sunday", () => {
    const s = parseCron("*/20 8-10,17 1,15 JAN-MAR sun,7");
    expect([...s.minutes]).toEqual([0, 20, 40]);
    expect([...s.hours]).toEqual([8, 9, 10, 17]);
    expect([...s.months]).toEqual([1, 2, 3]);
    expect([...s.daysOfWeek]).toEqual([0]);
  });
});

describe("nextFireAfter / previousFireAtOrBefore", () => {
  it.each([
    ["*/15 * * * *", "UTC", "2030-01-01T00:07:00Z", "2030-01-01T00:15:00Z", "2030-01-01T00:00:00Z"],
    ["0 9 * * MON-FRI", "America/New_York", "2030-01-04T15:00:00Z", "2030-01-07T14:00:00Z", "2030-01-04T14:00:00Z"],
    ["0 0 1 * *", "UTC", "2030-02-15T00:00:00Z", "2030-03-01T00:00:00Z", "2030-02-01T00:00:00Z"],
    ["0 0 29 2 *", "UTC", "2030-03-01T00:00:00Z", "2032-02-29T00:00:00Z", "2028-02-29T00:00:00Z"],
    // Classic cron: both day fields restricted means either may match (the 13th, or any Friday).
    ["0 12 13 * FRI", "UTC", "2030-01-12T00:00:00Z", "2030-01-13T12:00:00Z", "2030-01-11T12:00:00Z"],
    // 09:00 in Chicago is 15:00Z in winter and 14:00Z in summer (DST began 2030-03-10).
    ["0 9 * * *", "America/Chicago", "2030-03-09T16:00:00Z", "2030-03-10T14:00:00Z", "2030-03-09T15:00:00Z"],
  ])("%s in %s around %s", (expr, tz, at, next, previous) => {
    const s = parseCron(expr, tz);
    expect(nextFireAfter(s, new Date(at)).toISOString()).toBe(new Date(next).toISOString());
    expect(previousFireAtOrBefore(s, new Date(at)).toISOString()).toBe(new Date(previous).toISOString());
  });

  it("counts a fire time as due at that exact instant, but not as next", () => {
    const s = parseCron("30 6 * * *");
    const at = new Date("2030-05-05T06:30:00Z");
    expect(previousFireAtOrBefore(s, at).toISOString()).toBe(at.toISOString());
    expect(nextFireAfter(s, at).toISOString()).toBe("2030-05-06T06:30:00.000Z");
  });

  it("refuses a schedule that can never fire", () => {
    expect(() => nextFireAfter(parseCron("0 0 31 2 *"), new Date("2030-01-01T00:00:00Z"))).toThrow(/never fires/);
  });

  it("next is after the instant, matches every field locally, and nothing fires in between (property)", () => {
    const exprs = ["*/7 * * * *", "0 9 * * 1-5", "15 2 * * *", "0 */6 1,15 * *", "45 23 * 3,11 0"];
    const zones = ["UTC", "America/New_York", "Europe/Paris", "Australia/Lord_Howe"];
    fc.assert(
      fc.property(fc.constantFrom(...exprs), fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2029, 0, 1), max: Date.UTC(2031, 0, 1) }), (expr, tz, ms) => {
        const s = parseCron(expr, tz);
        const next = nextFireAfter(s, new Date(ms));
        expect(next.getTime()).toBeGreaterThan(ms);
        const local = new TZDate(next.getTime(), tz);
        expect(s.minutes.has(local.getMinutes()) && s.hours.has(local.getHours()) && s.months.has(local.getMonth() + 1)).toBe(true);
        expect(previousFireAtOrBefore(s, new Date(next.getTime() - 60_000)).getTime()).toBeLessThanOrEqual(ms);
      }),
      { numRuns: 60 },
    );
  });
});
