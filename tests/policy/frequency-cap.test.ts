import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkFrequencyCap, DEFAULT_FREQUENCY_CAPS } from "../../src/policy/frequency-cap.js";

const CHICAGO = "America/Chicago";
const d = (iso: string) => new Date(iso);

describe("checkFrequencyCap", () => {
  it.each<[string, Date[], string, { perDay: number; perWeek: number } | undefined, object]>([
    ["nothing sent: allowed", [], "2026-05-06T15:00:00Z", undefined, { allowed: true }],
    ["one today: daily cap until 24 h later", [d("2026-05-06T14:00:00Z")], "2026-05-06T20:00:00Z", undefined,
      { allowed: false, reason: "daily-cap", nextAllowedAt: d("2026-05-07T14:00:00Z") }],
    ["23:50 then 00:10 local: the rolling 24 h stops it", [d("2026-05-07T04:50:00Z")], "2026-05-07T05:10:00Z", undefined,
      { allowed: false, reason: "daily-cap", nextAllowedAt: d("2026-05-08T04:50:00Z") }],
    ["exactly 24 h later: allowed", [d("2026-05-06T14:00:00Z")], "2026-05-07T14:00:00Z", undefined, { allowed: true }],
    ["three this week: weekly cap until the oldest is 7 days old",
      [d("2026-05-01T15:00:00Z"), d("2026-05-03T15:00:00Z"), d("2026-05-05T15:00:00Z")], "2026-05-06T16:00:00Z", undefined,
      { allowed: false, reason: "weekly-cap", nextAllowedAt: d("2026-05-08T15:00:00Z") }],
    ["three, the oldest 8 days ago: allowed",
      [d("2026-04-28T15:00:00Z"), d("2026-05-03T15:00:00Z"), d("2026-05-05T15:00:00Z")], "2026-05-06T16:00:00Z", undefined, { allowed: true }],
    ["replies are passed as isReply and ignored", [], "2026-05-06T20:00:00Z", undefined, { allowed: true }],
    ["custom caps: 2 a day", [d("2026-05-06T14:00:00Z")], "2026-05-06T20:00:00Z", { perDay: 2, perWeek: 5 }, { allowed: true }],
    ["a cap of 0 never allows and gives no time", [], "2026-05-06T20:00:00Z", { perDay: 0, perWeek: 3 }, { allowed: false, reason: "daily-cap" }],
    ["a send stamped after `at` counts as recent", [d("2026-05-06T21:00:00Z")], "2026-05-06T20:00:00Z", undefined,
      { allowed: false, reason: "daily-cap", nextAllowedAt: d("2026-05-07T21:00:00Z") }],
  ])("%s", (_name, sent, at, caps, expected) => {
    expect(checkFrequencyCap(sent, d(at), caps, CHICAGO)).toEqual(expected);
  });

  it("does not count replies to the patient's own message", () => {
    const sent = [{ at: d("2026-05-06T14:00:00Z"), isReply: true }, { at: d("2026-05-06T14:05:00Z"), isReply: true }];
    expect(checkFrequencyCap(sent, d("2026-05-06T20:00:00Z"), undefined, CHICAGO)).toEqual({ allowed: true });
    expect(checkFrequencyCap([{ at: d("2026-05-06T14:00:00Z"), isReply: false }], d("2026-05-06T20:00:00Z"), undefined, CHICAGO).allowed).toBe(false);
  });

  it("treats the 25-hour fall-back day as one local day", () => {
    // 00:30 CDT and 23:45 CST on 2026-11-01 are 24 h 15 min apart but on the same local day.
    const result = checkFrequencyCap([d("2026-11-01T05:30:00Z")], d("2026-11-02T05:45:00Z"), undefined, CHICAGO);
    expect(result).toMatchObject({ allowed: false, reason: "daily-cap", nextAllowedAt: d("2026-11-02T06:00:00Z") });
    // The same two instants in Denver fall on different local days (Oct 31 23:30 MDT, Nov 1 22:45 MST).
    expect(checkFrequencyCap([d("2026-11-01T05:30:00Z")], d("2026-11-02T05:45:00Z"), undefined, "America/Denver")).toEqual({ allowed: true });
    expect(checkFrequencyCap([d("2026-11-01T05:30:00Z")], d("2026-11-02T05:45:00Z"), undefined, CHICAGO)).toEqual(result);
  });

  it("defaults to 1 a day and 3 a week", () => {
    expect(DEFAULT_FREQUENCY_CAPS).toEqual({ perDay: 1, perWeek: 3 });
  });

  it.each([
    ["an invalid `at`", [], d("x"), undefined, CHICAGO, /valid `at`/],
    ["an invalid zone", [], d("2026-05-06T20:00:00Z"), undefined, "Nowhere/City", /IANA/],
    ["a fractional cap", [], d("2026-05-06T20:00:00Z"), { perDay: 1.5, perWeek: 3 }, CHICAGO, /whole number/],
    ["a negative cap", [], d("2026-05-06T20:00:00Z"), { perDay: 1, perWeek: -1 }, CHICAGO, /whole number/],
    ["an invalid history date", [d("x")], d("2026-05-06T20:00:00Z"), undefined, CHICAGO, /invalid date/],
  ])("refuses %s", (_name, sent, at, caps, zone, message) => {
    expect(() => checkFrequencyCap(sent, at, caps, zone)).toThrow(message);
  });

  it("property: nextAllowedAt is later than `at`, is itself allowed, and a send there keeps the caps", () => {
    const instant = fc.date({ min: d("2026-03-01T00:00:00Z"), max: d("2026-03-20T00:00:00Z"), noInvalidDate: true });
    fc.assert(
      fc.property(fc.array(instant, { maxLength: 6 }), instant, fc.constantFrom("America/Chicago", "America/New_York", "Pacific/Honolulu"),
        (sent, at, zone) => {
          const result = checkFrequencyCap(sent, at, undefined, zone);
          if (result.allowed) return;
          expect(result.nextAllowedAt).toBeDefined();
          const next = result.nextAllowedAt ?? at;
          expect(next.getTime()).toBeGreaterThan(at.getTime());
          expect(checkFrequencyCap(sent, next, undefined, zone).allowed).toBe(true);
          // Just before it, still capped: nextAllowedAt is the earliest.
          expect(checkFrequencyCap(sent, new Date(next.getTime() - 1), undefined, zone).allowed).toBe(false);
        }),
    );
  });
});
