import { describe, expect, it } from "vitest";
import { dayBounds, dayKey, formatTimeInZone, shiftDay } from "../../src/console/time.js";

describe("console dates", () => {
  it("a day is the local day: 23 hours when the clocks go forward, 25 when they go back", () => {
    const spring = dayBounds("2026-03-08", "America/Chicago");
    const fall = dayBounds("2026-11-01", "America/Chicago");
    expect(spring && (spring.to.getTime() - spring.from.getTime()) / 3_600_000).toBe(23);
    expect(fall && (fall.to.getTime() - fall.from.getTime()) / 3_600_000).toBe(25);
    expect(spring?.from.toISOString()).toBe("2026-03-08T06:00:00.000Z");
  });

  it.each(["2026-02-30", "2026-13-01", "yesterday", "2026-1-5", ""])("refuses %j as a date", (value) => {
    expect(dayBounds(value, "America/Chicago")).toBeNull();
  });

  it("moves a day at a time across month ends, and reads an instant's local date", () => {
    expect(shiftDay("2026-11-30", 1, "America/Chicago")).toBe("2026-12-01");
    expect(shiftDay("2026-03-08", -1, "America/Chicago")).toBe("2026-03-07");
    expect(dayKey(new Date("2026-12-02T04:00:00Z"), "America/Chicago")).toBe("2026-12-01");
  });

  it("names the zone of a time that may not be the reader's own", () => {
    expect(formatTimeInZone(new Date("2026-12-02T14:00:00Z"), "America/Chicago")).toBe("8:00 AM CT");
  });
});
