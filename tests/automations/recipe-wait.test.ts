import { describe, expect, it } from "vitest";
import { waitBase, waitEnd } from "../../src/automations/recipe-wait.js";

const CHICAGO = "America/Chicago";
const wait = (duration: string, direction: "before" | "after", from: "trigger" | "appointment.start" | "appointment.end" = "trigger") => ({ id: "w", kind: "wait" as const, duration, direction, from });

describe("when a recipe's wait step ends", () => {
  it("counts whole days on the location's calendar: 3d after 4:00 PM before the fall DST change is 4:00 PM three days on (73 real hours)", () => {
    const visitEnd = new Date("2026-10-30T21:00:00Z"); // Friday 4:00 PM CDT
    const end = waitEnd(wait("3d", "after"), visitEnd, CHICAGO);
    expect(end.toISOString()).toBe("2026-11-02T22:00:00.000Z"); // Monday 4:00 PM CST
    expect((end.getTime() - visitEnd.getTime()) / 3_600_000).toBe(73);
  });

  it("counts whole days backwards the same way across the spring change, and hours as elapsed time", () => {
    const start = new Date("2027-03-15T14:00:00Z"); // Monday 9:00 AM CDT
    expect(waitEnd(wait("2d", "before", "appointment.start"), start, CHICAGO).toISOString()).toBe("2027-03-13T15:00:00.000Z"); // Saturday 9:00 AM CST
    expect(waitEnd(wait("90m", "before", "appointment.start"), start, CHICAGO).toISOString()).toBe("2027-03-15T12:30:00.000Z");
    expect(waitEnd(wait("36h", "after"), new Date("2026-10-31T15:00:00Z"), CHICAGO).toISOString()).toBe("2026-11-02T04:00:00.000Z"); // a local day, then 12 real hours
  });

  it("counts from the appointment's start or end as it is now, and from the trigger when there is no appointment", () => {
    const triggerAt = new Date("2026-12-01T15:00:00Z");
    const appointment = { start: new Date("2026-12-04T15:00:00Z"), end: new Date("2026-12-04T15:30:00Z") };
    expect(waitBase(wait("1d", "before", "appointment.start"), triggerAt, appointment)).toBe(appointment.start);
    expect(waitBase(wait("1d", "after", "appointment.end"), triggerAt, appointment)).toBe(appointment.end);
    expect(waitBase(wait("1d", "after", "appointment.end"), triggerAt, { start: appointment.start, end: null })).toBe(appointment.start);
    expect(waitBase(wait("1d", "after", "appointment.start"), triggerAt, undefined)).toBe(triggerAt);
    expect(waitBase(wait("1d", "after", "trigger"), triggerAt, appointment)).toBe(triggerAt);
  });
});
