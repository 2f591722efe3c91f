import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX_LOCATIONS } from "../../src/runtime/create-config.js";
import { MESA_PHONE } from "../../src/sandbox/seed-mesa-clinic.js";
import { listEvents } from "../../src/store/events.js";
import { createAppointment } from "../workflows/helpers/scenario.js";
import { MESSAGING_SERVICE_SID, type Stack } from "./helpers/e2e-stack.js";
import { consentedPatient, openTwoLocationStack, participantStatus, senderOf } from "./helpers/two-locations.js";

/**
 * The sandbox practice as `npm start` runs it (its own locations config, its seeded EHR Locations),
 * on a clock the test moves: a patient booked in Chicago (North Clinic) and in Mesa, Arizona the
 * same week hears about each from that clinic's number, in that clinic's time, and answers each.
 */
let stack: Stack | undefined;
afterEach(async () => {
  await stack?.dispose();
  stack = undefined;
});

describe("e2e: the sandbox practice's Chicago and Arizona clinics", { timeout: 60_000 }, () => {
  it("reminds from each clinic's number in its own time; C to the Mesa number confirms the Mesa visit", async () => {
    stack = await openTwoLocationStack({ locations: SANDBOX_LOCATIONS });
    const s = stack.scenario;
    // Summer: Chicago (CDT, UTC-5) is two hours ahead of Mesa (MST, UTC-7).
    s.setNow(new Date("2026-07-06T15:00:00Z"));
    const patient = await consentedPatient(stack);
    const north = await createAppointment(s.fhir, patient.ref, new Date("2026-07-09T15:00:00Z"), { location: "loc-north" }); // Thu 10:00 Chicago
    const mesa = await createAppointment(s.fhir, patient.ref, new Date("2026-07-09T16:00:00Z"), { location: "loc-mesa", practitioner: "prac-4" }); // Thu 09:00 Mesa
    await s.sync();
    s.setNow(new Date("2026-07-08T15:00:00Z"));
    await s.drain();
    expect(stack.sentTo(patient.phone).map((m) => senderOf(m))).toEqual([MESSAGING_SERVICE_SID]);
    s.setNow(new Date("2026-07-08T16:00:00Z"));
    await s.drain();

    const texts = stack.sentTo(patient.phone);
    expect(texts.map((m) => senderOf(m))).toEqual([MESSAGING_SERVICE_SID, MESA_PHONE]);
    expect(texts[0]?.body).toContain("your appointment is Thu, Jul 9 at 10:00 AM.");
    expect(texts[1]?.body).toContain("your appointment is Thu, Jul 9 at 9:00 AM.");

    await stack.reply(patient.phone, "C", MESA_PHONE);
    expect(await participantStatus(stack, mesa, patient.ref)).toBe("accepted");
    expect(await participantStatus(stack, north, patient.ref)).toBe("needs-action");
    await stack.reply(patient.phone, "R");
    expect((await listEvents(s.services.store, { type: "appointment.reschedule_requested" })).map((e) => e.refs.appointmentRef)).toEqual([north]);
    const instructions = stack.sentTo(patient.phone).at(-1);
    expect(senderOf(instructions!)).toBe(MESSAGING_SERVICE_SID);
    expect(instructions?.body).toBe("Sunrise Family Clinic: To reschedule, please call us at +13125550100 (Mon-Fri 8am-5pm).");
  });
});
