import { describe, expect, it } from "vitest";
import { acuityWindowDates } from "../../../connectors/acuity/triggers/appointments-window.js";

describe("the Acuity polling window", () => {
  it.each<[string, string, string, number, string, string]>([
    ["late evening in Chicago, already the next day in UTC, stays on the local day", "America/Chicago", "2030-03-10T03:30:00Z", 14, "2030-03-09", "2030-03-22"],
    ["across the spring DST change in New York", "America/New_York", "2030-03-09T12:00:00Z", 2, "2030-03-09", "2030-03-10"],
    ["one day only", "America/Chicago", "2030-07-01T15:00:00Z", 1, "2030-07-01", "2030-07-01"],
  ])("%s", (_name, zone, now, days, minDate, maxDate) => {
    expect(acuityWindowDates(new Date(now), days, zone)).toEqual({ minDate, maxDate });
  });

  it.each([0, -1, 1.5])("refuses a window of %s days", (days) => {
    expect(() => acuityWindowDates(new Date(), days, "America/Chicago")).toThrow(/at least 1 whole day/);
  });
});
