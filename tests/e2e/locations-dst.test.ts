import { afterEach, describe, expect, it } from "vitest";
import { listEvents } from "../../src/store/events.js";
import { createAppointment } from "../workflows/helpers/scenario.js";
import type { Stack } from "./helpers/e2e-stack.js";
import { consentedPatient, DENVER_SENDER, openTwoLocationStack, participantStatus, PHOENIX_SENDER, senderOf } from "./helpers/two-locations.js";

/**
 * The acceptance table: one patient booked at 09:00 local at a Phoenix clinic (no DST) and at a
 * Denver clinic, on both sides of the March and November clock changes. Each clinic's 24h reminder
 * goes out from its own sender at 09:00 local the day before, says 9:00 AM, and a reply to the
 * Phoenix sender confirms the Phoenix appointment only.
 */
let stack: Stack | undefined;
afterEach(async () => {
  await stack?.dispose();
  stack = undefined;
});

const MINUTE = 60_000;

// 2026: DST starts Sunday March 8 and ends Sunday November 1 (Denver); Phoenix stays on MST.
const CASES = [
  { name: "March, on the day the clocks go forward", text: "Sun, Mar 8 at 9:00 AM", phoenix: ["2026-03-08T16:00:00Z", "2026-03-07T16:00:00Z"], denver: ["2026-03-08T15:00:00Z", "2026-03-07T16:00:00Z"] },
  { name: "March, after the change", text: "Tue, Mar 10 at 9:00 AM", phoenix: ["2026-03-10T16:00:00Z", "2026-03-09T16:00:00Z"], denver: ["2026-03-10T15:00:00Z", "2026-03-09T15:00:00Z"] },
  { name: "November, on the day the clocks go back", text: "Sun, Nov 1 at 9:00 AM", phoenix: ["2026-11-01T16:00:00Z", "2026-10-31T16:00:00Z"], denver: ["2026-11-01T16:00:00Z", "2026-10-31T15:00:00Z"] },
  { name: "November, after the change", text: "Tue, Nov 3 at 9:00 AM", phoenix: ["2026-11-03T16:00:00Z", "2026-11-02T16:00:00Z"], denver: ["2026-11-03T16:00:00Z", "2026-11-02T16:00:00Z"] },
] as const;

describe("e2e: two locations in two time zones, across DST", { timeout: 60_000 }, () => {
  it.each(CASES)("$name: each clinic's reminder says its local hour, lands at 09:00 local the day before, from its own sender; C to Phoenix confirms Phoenix", async (c) => {
    stack = await openTwoLocationStack();
    const s = stack.scenario;
    const [phoenixStart, phoenixDue] = c.phoenix.map((iso) => new Date(iso)) as [Date, Date];
    const [denverStart, denverDue] = c.denver.map((iso) => new Date(iso)) as [Date, Date];
    s.setNow(new Date(Math.min(phoenixDue.getTime(), denverDue.getTime()) - 2 * 86_400_000));
    const patient = await consentedPatient(stack);
    const phoenix = await createAppointment(s.fhir, patient.ref, phoenixStart, { location: "loc-px" });
    const denver = await createAppointment(s.fhir, patient.ref, denverStart, { location: "loc-dn" });
    await s.sync();
    expect(stack.sentTo(patient.phone)).toEqual([]);

    const sentFrom = (sender: string) => stack!.sentTo(patient.phone).filter((m) => senderOf(m) === sender);
    const touches = [{ sender: PHOENIX_SENDER, due: phoenixDue }, { sender: DENVER_SENDER, due: denverDue }];
    // A minute before each due moment nothing due then has gone out; at the moment, it has (from its own sender).
    for (const due of [...new Set(touches.map((t) => t.due.getTime()))].sort()) {
      const dueNow = touches.filter((t) => t.due.getTime() === due);
      s.setNow(new Date(due - MINUTE));
      await s.drain();
      for (const t of dueNow) expect(sentFrom(t.sender)).toHaveLength(0);
      s.setNow(new Date(due));
      await s.drain();
      for (const t of dueNow) expect(sentFrom(t.sender)).toHaveLength(1);
    }
    for (const sender of [PHOENIX_SENDER, DENVER_SENDER]) {
      const [text] = sentFrom(sender);
      expect(text?.body).toContain(`your appointment is ${c.text}. Reply C to confirm or R to reschedule.`);
    }
    expect(stack.sentTo(patient.phone)).toHaveLength(2);

    // Both questions are open on one phone; the sender the patient answers decides which one "C" is for.
    await stack.reply(patient.phone, "C", PHOENIX_SENDER);
    expect(await participantStatus(stack, phoenix, patient.ref)).toBe("accepted");
    expect(await participantStatus(stack, denver, patient.ref)).toBe("needs-action");
    const confirmed = await listEvents(s.services.store, { type: "appointment.confirmed" });
    expect(confirmed.map((e) => e.refs.appointmentRef)).toEqual([phoenix]);
    expect(await listEvents(s.services.store, { type: "reply.ambiguous" })).toEqual([]);

    await stack.reply(patient.phone, "C", DENVER_SENDER);
    expect(await participantStatus(stack, denver, patient.ref)).toBe("accepted");
  });
});
