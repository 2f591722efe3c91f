import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nextSendWindow } from "../../src/policy/quiet-hours.js";
import { isUsFederalHoliday } from "../../src/policy/us-holidays.js";

/** Independent oracle: local wall-clock via Intl (not TZDate) and the rules written out by hand. */
function localParts(at: Date, zone: string) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone, year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric",
    weekday: "short", hourCycle: "h23",
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return {
    year: Number(get("year")), month0: Number(get("month")) - 1, day: Number(get("day")),
    minute: Number(get("hour")) * 60 + Number(get("minute")), weekday: get("weekday"),
  };
}

const H = (h: number, m = 0) => h * 60 + m;
type Window = [number, number] | null;
const ORACLE: Record<string, (weekday: string, holiday: boolean) => Window> = {
  FL: () => [H(8), H(20)],
  CT: () => [H(9), H(20)],
  OK: () => [H(8), H(20)],
  TX: (wd) => (wd === "Sun" ? [H(12), H(21)] : [H(9), H(21)]),
  AL: (wd, holiday) => (wd === "Sun" || holiday ? null : [H(8), H(20)]),
  RI: (wd, holiday) => (wd === "Sun" || holiday ? null : wd === "Sat" ? [H(10), H(17)] : [H(9), H(18)]),
};

function allowedIn(at: Date, zone: string, states: readonly string[]): boolean {
  const local = localParts(at, zone);
  const holiday = isUsFederalHoliday(local.year, local.month0, local.day);
  let [start, end] = [H(8), H(21)];
  for (const state of states) {
    const window = ORACLE[state]?.(local.weekday, holiday);
    if (window === null || window === undefined) return false;
    start = Math.max(start, window[0]);
    end = Math.min(end, window[1]);
  }
  return local.minute >= start && local.minute < end;
}

const ZONE_GROUPS = [
  ["America/New_York"], ["America/Chicago"], ["America/Denver"], ["America/Phoenix"], ["America/Los_Angeles"],
  ["America/Anchorage"], ["Pacific/Honolulu"], ["America/Puerto_Rico"],
  ["America/Adak", "America/Anchorage"], ["America/Chicago", "America/Denver"], ["America/New_York", "America/Chicago"],
];
// 2026 with extra weight on the DST change days.
const instants = fc.oneof(
  fc.date({ min: new Date("2026-01-01T00:00:00Z"), max: new Date("2026-12-31T00:00:00Z"), noInvalidDate: true }),
  fc.date({ min: new Date("2026-03-07T00:00:00Z"), max: new Date("2026-03-10T00:00:00Z"), noInvalidDate: true }),
  fc.date({ min: new Date("2026-10-31T00:00:00Z"), max: new Date("2026-11-03T00:00:00Z"), noInvalidDate: true }),
);
const scenario = fc.record({
  at: instants,
  zones: fc.constantFrom(...ZONE_GROUPS),
  states: fc.subarray(Object.keys(ORACLE), { maxLength: 2 }),
});

describe("nextSendWindow properties", () => {
  it("is never earlier than `at`, always inside the window in every candidate zone, and not later than needed", () => {
    fc.assert(
      fc.property(scenario, ({ at, zones, states }) => {
        const [first, second] = states;
        const recipient = { ...(first ? { state: first } : {}), phoneRegion: { timeZones: zones, ...(second ? { state: second } : {}) } };
        const result = nextSendWindow(at, recipient, { practiceTimeZone: "America/Chicago" });
        expect(result.getTime()).toBeGreaterThanOrEqual(at.getTime());
        for (const zone of zones) expect(allowedIn(result, zone, states)).toBe(true);
        if (result.getTime() > at.getTime()) {
          // Windows open on whole minutes: one minute earlier (if still after `at`) was closed somewhere.
          const earlier = new Date(result.getTime() - 60_000);
          if (earlier.getTime() >= at.getTime()) expect(zones.every((zone) => allowedIn(earlier, zone, states))).toBe(false);
          expect(zones.every((zone) => allowedIn(at, zone, states))).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("returns `at` unchanged exactly when `at` is allowed in its zone", () => {
    fc.assert(
      fc.property(instants, fc.constantFrom("America/New_York", "America/Chicago", "Pacific/Honolulu"), (at, zone) => {
        const result = nextSendWindow(at, { timeZone: zone }, { practiceTimeZone: "America/Chicago" });
        expect(result.getTime() === at.getTime()).toBe(allowedIn(at, zone, []));
      }),
    );
  });
});
