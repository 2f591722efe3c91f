import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { acuityWindowDates, pollAppointmentsWindow } from "../../../connectors/acuity/triggers/appointments-window.js";
import { useMsw } from "../fhir/helpers/msw.js";
import { acuityAppointment, BASE_URL, REF_KEY, testClient } from "./helpers/fixtures.js";

const server = useMsw();

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

  it("polls active and cancelled appointments in the window", async () => {
    const calls: Array<Record<string, string>> = [];
    server.use(http.get(`${BASE_URL}/appointments`, ({ request }) => {
      const query = Object.fromEntries(new URL(request.url).searchParams);
      calls.push(query);
      return HttpResponse.json(query.canceled ? [acuityAppointment({ id: 2 })] : [acuityAppointment({ id: 1 })]);
    }));
    const pull = await pollAppointmentsWindow(testClient(), { now: new Date("2030-07-01T15:00:00Z"), days: 7, timeZone: "America/Chicago", clientRefKey: REF_KEY, calendarId: "27238" });
    expect(pull.appointments.map((a) => a.status)).toEqual(["booked", "cancelled"]);
    expect(calls.map((c) => [c.minDate, c.maxDate, c.calendarID, c.canceled])).toEqual([
      ["2030-07-01", "2030-07-07", "27238", undefined],
      ["2030-07-01", "2030-07-07", "27238", "true"],
    ]);
  });
});
