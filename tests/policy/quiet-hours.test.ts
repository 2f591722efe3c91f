import { describe, expect, it } from "vitest";
import { nextSendWindow, resolveSendWindowContext } from "../../src/policy/quiet-hours.js";

const CHICAGO = { practiceTimeZone: "America/Chicago" };
const NEW_YORK = { practiceTimeZone: "America/New_York" };
const iso = (date: Date) => date.toISOString().replace(".000Z", "Z");

describe("nextSendWindow: federal 08:00-21:00 across DST", () => {
  it.each([
    // 2026-03-08, America/Chicago springs forward at 02:00 CST -> 03:00 CDT
    ["01:30 CST before the gap waits for 08:00 CDT", "2026-03-08T07:30:00Z", "2026-03-08T13:00:00Z"],
    ["03:30 CDT just after the gap waits for 08:00 CDT", "2026-03-08T08:30:00Z", "2026-03-08T13:00:00Z"],
    ["21:30 CST the evening before waits for 08:00 CDT", "2026-03-08T03:30:00Z", "2026-03-08T13:00:00Z"],
    ["07:59 CDT waits one minute", "2026-03-08T12:59:00Z", "2026-03-08T13:00:00Z"],
    ["08:00 CDT goes at once", "2026-03-08T13:00:00Z", "2026-03-08T13:00:00Z"],
    ["20:59 CDT goes at once", "2026-03-09T01:59:00Z", "2026-03-09T01:59:00Z"],
    ["21:00 CDT is closed until 08:00 the next day", "2026-03-09T02:00:00Z", "2026-03-09T13:00:00Z"],
    ["Saturday 07:00 CST, before the change, waits for 08:00 CST", "2026-03-07T13:00:00Z", "2026-03-07T14:00:00Z"],
  ])("Chicago: %s", (_name, at, expected) => {
    expect(iso(nextSendWindow(new Date(at), { timeZone: "America/Chicago" }, NEW_YORK))).toBe(expected);
  });

  it.each([
    // 2026-11-01, America/New_York falls back at 02:00 EDT -> 01:00 EST: 01:xx happens twice
    ["the first 01:30 (EDT) waits for 08:00 EST", "2026-11-01T05:30:00Z", "2026-11-01T13:00:00Z"],
    ["the second 01:30 (EST) waits for 08:00 EST", "2026-11-01T06:30:00Z", "2026-11-01T13:00:00Z"],
    ["21:00 EDT on Oct 31 waits for 08:00 EST", "2026-11-01T01:00:00Z", "2026-11-01T13:00:00Z"],
    ["20:30 EST on the 25-hour day goes at once", "2026-11-02T01:30:00Z", "2026-11-02T01:30:00Z"],
    ["21:00 EST on the 25-hour day waits for the next morning", "2026-11-02T02:00:00Z", "2026-11-02T13:00:00Z"],
  ])("New York: %s", (_name, at, expected) => {
    expect(iso(nextSendWindow(new Date(at), { timeZone: "America/New_York" }, CHICAGO))).toBe(expected);
  });

  it("returns `at` itself when it is inside the window", () => {
    const at = new Date("2026-06-10T15:00:00Z");
    expect(nextSendWindow(at, {}, CHICAGO)).toBe(at);
  });
});

describe("nextSendWindow: stricter states", () => {
  it.each([
    ["FL closes at 20:00", { state: "FL", timeZone: "America/New_York" }, "2026-11-02T01:00:00Z", "2026-11-02T13:00:00Z"],
    ["FL allows 19:59", { state: "Florida", timeZone: "America/New_York" }, "2026-11-02T00:59:00Z", "2026-11-02T00:59:00Z"],
    ["FL by phone region in New York time", { phoneRegion: { timeZones: ["America/New_York"], state: "FL" } }, "2026-07-01T00:30:00Z", "2026-07-01T12:00:00Z"],
    ["CT opens at 09:00", { state: "CT", timeZone: "America/New_York" }, "2026-03-09T12:30:00Z", "2026-03-09T13:00:00Z"],
    ["CT closes at 20:00", { state: "ct", timeZone: "America/New_York" }, "2026-03-10T00:00:00Z", "2026-03-10T13:00:00Z"],
    ["TX Sunday opens at noon (spring-forward Sunday)", { state: "TX", timeZone: "America/Chicago" }, "2026-03-08T14:30:00Z", "2026-03-08T17:00:00Z"],
    ["TX Sunday opens at noon (fall-back Sunday)", { state: "TX", timeZone: "America/Chicago" }, "2026-11-01T16:00:00Z", "2026-11-01T18:00:00Z"],
    ["TX Saturday opens at 09:00", { state: "TX", timeZone: "America/Chicago" }, "2026-03-07T14:30:00Z", "2026-03-07T15:00:00Z"],
    ["TX Saturday 21:00 waits for Sunday noon", { state: "TX", timeZone: "America/Chicago" }, "2026-03-08T03:00:00Z", "2026-03-08T17:00:00Z"],
    ["OK closes at 20:00", { state: "OK", timeZone: "America/Chicago" }, "2026-06-11T01:00:00Z", "2026-06-11T13:00:00Z"],
    ["AL skips Sunday", { state: "AL", timeZone: "America/Chicago" }, "2026-03-08T15:00:00Z", "2026-03-09T13:00:00Z"],
    ["AL skips the Independence Day weekend (observed Fri, Sat, Sun)", { state: "AL", timeZone: "America/Chicago" }, "2026-07-03T15:00:00Z", "2026-07-06T13:00:00Z"],
    ["LA skips Thanksgiving", { state: "LA", timeZone: "America/Chicago" }, "2026-11-26T15:00:00Z", "2026-11-27T14:00:00Z"],
    ["RI Saturday opens at 10:00", { state: "RI", timeZone: "America/New_York" }, "2026-03-07T14:30:00Z", "2026-03-07T15:00:00Z"],
    ["RI Saturday 17:00 waits until Monday 09:00", { state: "RI", timeZone: "America/New_York" }, "2026-03-07T22:00:00Z", "2026-03-09T13:00:00Z"],
    ["the patient's state and the phone's state both bind", { state: "TX", phoneRegion: { timeZones: ["America/Chicago"], state: "FL" } }, "2026-03-11T01:30:00Z", "2026-03-11T14:00:00Z"],
  ])("%s", (_name, recipient, at, expected) => {
    expect(iso(nextSendWindow(new Date(at), recipient, CHICAGO))).toBe(expected);
  });
});

describe("nextSendWindow: which time zone", () => {
  it("holds in every zone of a multi-zone number (+1 907: Anchorage and Adak)", () => {
    const alaska = { phoneRegion: { timeZones: ["America/Adak", "America/Anchorage"] } };
    // 08:30 in Anchorage is 07:30 in Adak: wait for 08:00 in Adak.
    expect(iso(nextSendWindow(new Date("2026-01-15T17:30:00Z"), alaska, CHICAGO))).toBe("2026-01-15T18:00:00Z");
    // 21:30 in Anchorage is closed even though Adak is at 20:30.
    expect(iso(nextSendWindow(new Date("2026-01-16T06:30:00Z"), alaska, CHICAGO))).toBe("2026-01-16T18:00:00Z");
  });

  it("prefers the patient's zone over the phone's region, but keeps the phone's state", () => {
    const recipient = { timeZone: "America/Los_Angeles", phoneRegion: { timeZones: ["America/New_York"], state: "FL" } };
    // 20:30 PDT: Florida's 20:00 close applies in the patient's own zone.
    expect(iso(nextSendWindow(new Date("2026-06-11T03:30:00Z"), recipient, CHICAGO))).toBe("2026-06-11T15:00:00Z");
  });

  it("falls back to the practice's zone, and notes what it could not use", () => {
    const context = resolveSendWindowContext({ timeZone: "Mars/Olympus", phone: "+13125550123", state: "Atlantis" }, CHICAGO);
    expect(context).toMatchObject({ timeZones: ["America/Chicago"], zoneSource: "practice", states: [], phoneCountry: "US" });
    expect(context.ignored).toEqual(expect.arrayContaining(["patient-time-zone-invalid", "state-unknown", "phone-region-unresolved"]));
    expect(iso(nextSendWindow(new Date("2026-06-10T12:00:00Z"), { timeZone: "Mars/Olympus" }, CHICAGO))).toBe("2026-06-10T13:00:00Z");
  });

  it("uses the phone region's zones when the patient has none", () => {
    const context = resolveSendWindowContext({ phoneRegion: { timeZones: ["America/Denver"], state: "Chicago, IL" } }, NEW_YORK);
    expect(context).toMatchObject({ timeZones: ["America/Denver"], zoneSource: "phone-region", states: ["IL"] });
  });

  it("refuses an invalid practice zone or date with a message naming the fix", () => {
    expect(() => nextSendWindow(new Date("2026-06-10T12:00:00Z"), {}, { practiceTimeZone: "Central" })).toThrow(/IANA/);
    expect(() => nextSendWindow(new Date("nope"), {}, CHICAGO)).toThrow(/valid `at`/);
  });

  it("refuses rather than loops when candidate zones never share an allowed instant", () => {
    // In summer RI's 09:00-18:00 EDT is 13:00-22:00 UTC; Guam's 08:00-21:00 is 22:00-11:00 UTC.
    const recipient = { state: "RI", phoneRegion: { timeZones: ["America/New_York", "Pacific/Guam"] } };
    expect(() => nextSendWindow(new Date("2026-06-10T12:00:00Z"), recipient, CHICAGO)).toThrow(/no instant/);
  });
});
