import { describe, expect, it } from "vitest";
import { scheduleCounts } from "../../src/console/data/schedule-view.js";
import type { Answer } from "../../src/console/data/reminder-status.js";
import type { Visit } from "../../src/console/data/day-schedule.js";

function row(answer: Answer, opts: { status?: Visit["status"]; inbox?: boolean } = {}) {
  return { visit: { status: opts.status ?? "booked" } as Visit, answer, inboxHref: opts.inbox ? "/inbox/in-1" : null };
}

describe("Today at a glance", () => {
  it("counts a patient who was never asked as not asked yet, not as awaiting an answer", () => {
    const counts = scheduleCounts([row("waiting"), row("not-asked"), row("not-asked"), row("no-reply"), row("confirmed")]);
    expect(counts).toEqual({ total: 5, confirmed: 1, awaiting: 1, noReply: 1, notAsked: 2, needsStaff: 0 });
  });

  it("counts each booked appointment once, so the counts add up to the total", () => {
    const rows = [row("confirmed", { inbox: true }), row("reschedule"), row("declined"), row("cancelled"), row("waiting", { inbox: true }), row("waiting"), row("confirmed")];
    const counts = scheduleCounts(rows);
    expect(counts).toEqual({ total: 7, confirmed: 1, awaiting: 1, noReply: 0, notAsked: 0, needsStaff: 5 });
    expect(counts.confirmed + counts.awaiting + counts.noReply + counts.notAsked + counts.needsStaff).toBe(counts.total);
  });

  it("leaves out appointments that are cancelled, missed or already seen", () => {
    const counts = scheduleCounts([row("waiting", { status: "cancelled" }), row("not-asked", { status: "noshow" }), row("confirmed", { status: "fulfilled" }), row("waiting")]);
    expect(counts).toEqual({ total: 1, confirmed: 0, awaiting: 1, noReply: 0, notAsked: 0, needsStaff: 0 });
  });
});
