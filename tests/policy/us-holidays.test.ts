import { describe, expect, it } from "vitest";
import { isUsFederalHoliday } from "../../src/policy/us-holidays.js";

describe("isUsFederalHoliday", () => {
  it.each([
    [2026, 0, 1, "New Year's Day"],
    [2026, 0, 19, "Martin Luther King Jr. Day (3rd Monday)"],
    [2026, 1, 16, "Washington's Birthday (3rd Monday)"],
    [2026, 4, 25, "Memorial Day (last Monday)"],
    [2026, 5, 19, "Juneteenth"],
    [2026, 6, 3, "Independence Day observed (July 4 is a Saturday)"],
    [2026, 6, 4, "Independence Day"],
    [2026, 8, 7, "Labor Day (1st Monday)"],
    [2026, 9, 12, "Columbus Day (2nd Monday)"],
    [2026, 10, 11, "Veterans Day"],
    [2026, 10, 26, "Thanksgiving (4th Thursday)"],
    [2026, 11, 25, "Christmas Day"],
    [2027, 11, 24, "Christmas observed (Dec 25, 2027 is a Saturday)"],
    [2027, 11, 31, "New Year's Day 2028 observed (a Saturday)"],
    [2028, 0, 17, "MLK Day 2028"],
    [2023, 0, 2, "New Year's Day observed (Jan 1, 2023 is a Sunday)"],
  ])("%i-%i-%i is a holiday: %s", (year, month0, day) => {
    expect(isUsFederalHoliday(year, month0, day)).toBe(true);
  });

  it.each([
    [2026, 0, 2], [2026, 0, 12], [2026, 4, 18], [2026, 6, 5], [2026, 10, 27], [2026, 11, 24], [2026, 11, 26], [2026, 2, 8],
  ])("%i-%i-%i is not a holiday", (year, month0, day) => {
    expect(isUsFederalHoliday(year, month0, day)).toBe(false);
  });
});
