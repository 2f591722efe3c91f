import { describe, expect, it } from "vitest";
import { patientAnswer, reminderLines, type DecisionFact, type ReminderFacts } from "../../src/console/data/reminder-status.js";
import { orderTouches } from "../../workflows/reminder-plan.js";

const start = new Date("2026-12-03T16:00:00Z");
const touches = orderTouches(["72h", "24h"], "24h");
const hoursBefore = (h: number) => new Date(start.getTime() - h * 3_600_000);

function facts(over: Partial<ReminderFacts> = {}): ReminderFacts {
  return {
    touches,
    start,
    timeZone: "America/Chicago",
    status: "booked",
    now: hoursBefore(30),
    sent: new Map(),
    decisions: [],
    asking: false,
    ehrAnswer: "needs-action",
    when: (at) => at.toISOString(),
    patientTime: () => "8:00 AM CT",
    ...over,
  };
}

const decision = (action: string, at: Date, extra: Partial<DecisionFact> = {}): DecisionFact => ({ at, action, decision: null, reasons: [], until: null, touch: null, templateId: null, ...extra });

describe("reminder lines", () => {
  it("reads touch by touch: sent, planned", () => {
    const lines = reminderLines(facts({ sent: new Map([["72h", { at: hoursBefore(72), status: "delivered" }]]) }));
    expect(lines.map((l) => [l.label, l.words, l.tone])).toEqual([
      ["72 hours before", `Sent, delivered ${hoursBefore(72).toISOString()}`, "ok"],
      ["24 hours before (asks C or R)", `Planned for ${hoursBefore(24).toISOString()}`, "info"],
    ]);
  });

  it("plans a touch by whole days on the calendar of the appointment's location, across a daylight-saving change", () => {
    // 9:00 AM in Denver on Monday Nov 2, 2026; clocks fell back on Sunday Nov 1, so "72h" is 9:00 AM MDT on Friday, 73 real hours before.
    const monday = new Date("2026-11-02T16:00:00Z");
    const [first] = reminderLines(facts({ start: monday, timeZone: "America/Denver", now: new Date("2026-10-28T12:00:00Z") }));
    expect(first?.words).toBe(`Planned for ${new Date("2026-10-30T15:00:00Z").toISOString()}`);
  });

  it("says a patient with no mobile number gets no reminders, rather than calling them due", () => {
    const lines = reminderLines(facts({ now: hoursBefore(2), noMobile: true }));
    expect(lines.map((l) => [l.words, l.tone])).toEqual([
      ["Not sent: no mobile number on file", "muted"],
      ["Not sent: no mobile number on file", "muted"],
    ]);
    expect(reminderLines(facts({ now: hoursBefore(2) }))[1]?.words).toBe("Due now");
  });

  it("says why a touch waits, in the patient's own time for quiet hours", () => {
    const deferred = decision("message.deferred", hoursBefore(23), { reasons: ["quiet-hours"], until: hoursBefore(14), templateId: "appointment-confirm-request" });
    const [, reply] = reminderLines(facts({ now: hoursBefore(22), decisions: [deferred], sent: new Map([["72h", { at: hoursBefore(72), status: "sent" }]]) }));
    expect(reply).toMatchObject({ words: "Waiting: quiet hours until 8:00 AM CT", tone: "wait" });
  });

  it("names a refusal in words, and a skipped touch by the touch the audit names", () => {
    const lines = reminderLines(
      facts({
        now: hoursBefore(2),
        decisions: [decision("reminder.touch_skipped", hoursBefore(20), { touch: "72h", reasons: ["superseded-by-later-touch"] }), decision("message.skipped", hoursBefore(20), { reasons: ["revoked"], templateId: "appointment-confirm-request" })],
      }),
    );
    expect(lines.map((l) => l.words)).toEqual(["Skipped: a later reminder was due instead", "Not sent: the patient opted out"]);
  });

  it("a failed delivery is bad news, and a cancelled appointment stops what was not sent", () => {
    const lines = reminderLines(facts({ status: "cancelled", sent: new Map([["72h", { at: hoursBefore(72), status: "undelivered" }]]) }));
    expect(lines.map((l) => l.tone)).toEqual(["bad", "muted"]);
    expect(lines[1]?.words).toBe("Not sent: the appointment is no longer booked");
  });
});

describe("patient answer", () => {
  it.each([
    ["a C reply", { decisions: [decision("reply.applied", hoursBefore(20), { decision: "appointment.confirmed" })] }, "confirmed"],
    ["an R reply", { decisions: [decision("reply.applied", hoursBefore(20), { decision: "appointment.reschedule_requested" })] }, "reschedule"],
    ["the EHR's accepted status", { ehrAnswer: "accepted" }, "confirmed"],
    ["an open question", { asking: true }, "waiting"],
    ["a question asked, never answered", { sent: new Map([["24h", { at: hoursBefore(24), status: "sent" }]]) }, "no-reply"],
    ["nothing asked yet", {}, "not-asked"],
  ] as const)("%s reads as %s", (_, over, expected) => {
    expect(patientAnswer(facts(over as Partial<ReminderFacts>))).toBe(expected);
  });
});
