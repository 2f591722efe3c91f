import { describe, expect, it } from "vitest";
import { parsePracticeConfig } from "../../src/config/practice.js";
import { offerCutoff } from "../../workflows/waitlist-slot.js";

/** The last moment a freed slot is offered: `cutoffHours` before it, whole days counted in the slot's location zone. */
describe("offerCutoff", () => {
  const slot = (start: string) => ({ start: new Date(start), end: new Date(new Date(start).getTime() + 30 * 60_000) });
  it.each([
    ["2h before, in any zone", 2, "America/Denver", "2026-03-08T15:00:00Z", "2026-03-08T13:00:00Z"],
    ["24h before 09:00 Denver on the day DST starts: 09:00 the day before (23 real hours)", 24, "America/Denver", "2026-03-08T15:00:00Z", "2026-03-07T16:00:00Z"],
    ["24h before 09:00 Denver on the day DST ends: 09:00 the day before (25 real hours)", 24, "America/Denver", "2026-11-01T16:00:00Z", "2026-10-31T15:00:00Z"],
    ["24h before 09:00 Phoenix, which has no DST: 24 real hours", 24, "America/Phoenix", "2026-03-08T16:00:00Z", "2026-03-07T16:00:00Z"],
  ])("%s", (_case, cutoffHours, timeZone, start, cutoff) => {
    const config = parsePracticeConfig({ waitlist: { cutoffHours } });
    expect(offerCutoff({ config }, slot(start), { timeZone }).toISOString()).toBe(new Date(cutoff).toISOString());
  });
});
