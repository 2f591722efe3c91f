import { afterEach, describe, expect, it } from "vitest";
import type { Visit } from "../../src/console/data/day-schedule.js";
import { readAppointmentFacts } from "../../src/console/data/schedule-facts.js";
import { orderTouches } from "../../workflows/reminder-plan.js";
import { at, BASE, createAppointment, createPatient, hours, openScenario, updateAppointment, type Scenario } from "../workflows/helpers/scenario.js";

/**
 * What Today says was sent for a booking follows its current stay: moved away and back, the
 * booking shows the text its latest plan sent, and one still at another time shows none.
 */
let s: Scenario | undefined;
afterEach(async () => {
  await s?.dispose();
  s = undefined;
});

const TOUCHES = orderTouches(["24h"], "24h");

function visitAt(ref: string, patientRef: string, start: Date): Visit {
  return { ref, source: "fhir", start, end: at(start, hours(0.5)), status: "booked", patientRef, patientName: "Testa Fictional", patientStatus: "needs-action", practitionerRef: "Practitioner/prac-1", locationRef: "Location/loc-north" };
}

describe("reminder facts for a booking moved back to a time it had before", () => {
  it("shows the text the plan for the booking's latest stay sent, and nothing for a time it no longer has", async () => {
    s = await openScenario({ reminders: { touches: ["24h"], replyTouch: "24h" } });
    const sc = s;
    const A = at(BASE, hours(48));
    const B = at(BASE, hours(120));
    const patient = await createPatient(s.fhir);
    const ref = await createAppointment(s.fhir, patient.ref, A);
    await s.sync();
    const moveTo = async (start: Date, when: Date): Promise<void> => {
      sc.setNow(when);
      await updateAppointment(sc.fhir, ref, (a) => ({ ...a, start: start.toISOString(), end: at(start, hours(0.5)).toISOString() }));
      await sc.sync();
    };
    await moveTo(B, at(BASE, hours(1)));
    s.setNow(at(A, -hours(24)));
    await s.drain();
    await moveTo(A, at(A, -hours(23)));
    expect(s.sms.sent).toHaveLength(1);

    const now = s.services.clock.now();
    const atA = await readAppointmentFacts(s.services, [visitAt(ref, patient.ref, A)], TOUCHES, now);
    expect(atA.sent.get(ref)?.get("24h")?.at).toEqual(now);
    expect(atA.asking.has(ref)).toBe(true);
    const atB = await readAppointmentFacts(s.services, [visitAt(ref, patient.ref, B)], TOUCHES, now);
    expect(atB.sent.get(ref)).toBeUndefined();
  });
});
