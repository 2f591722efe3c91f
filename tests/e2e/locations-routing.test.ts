import type { Appointment } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import { applyStatusCallback } from "../../src/messaging/inbound/apply-status-callback.js";
import { addToWaitlist } from "../../src/store/waitlist.js";
import { createAppointment, updateAppointment } from "../workflows/helpers/scenario.js";
import { MESSAGING_SERVICE_SID, type Stack } from "./helpers/e2e-stack.js";
import { consentedPatient, openTwoLocationStack, PHOENIX_SENDER, senderOf } from "./helpers/two-locations.js";

/**
 * Two locations end to end, beyond the reminder: HELP answered by the location the patient wrote
 * to, the waitlist filling a Phoenix slot only from Phoenix (or any-location) requests, in Phoenix
 * time and from the Phoenix number, and an appointment at a place the config does not list.
 */
let stack: Stack | undefined;
afterEach(async () => {
  await stack?.dispose();
  stack = undefined;
});

const NOW = new Date("2026-12-01T15:00:00Z"); // Tuesday; Phoenix 08:00, Chicago 09:00

async function fhirWaitlistEntry(stack: Stack, patientRef: string, location?: string): Promise<string> {
  const entry: Appointment = {
    resourceType: "Appointment",
    status: "waitlist",
    priority: 1,
    created: "2026-11-01T00:00:00Z",
    requestedPeriod: [{ start: NOW.toISOString(), end: "2026-12-10T00:00:00Z" }],
    participant: [{ actor: { reference: patientRef }, status: "needs-action" }, ...(location ? [{ actor: { reference: location }, status: "needs-action" as const }] : [])],
  };
  return `Appointment/${(await stack.scenario.fhir.create(entry)).id ?? ""}`;
}

describe("e2e: two locations, replies and the waitlist", { timeout: 60_000 }, () => {
  it("answers HELP from the number the patient wrote to, with that location's name and phone", async () => {
    stack = await openTwoLocationStack();
    stack.scenario.setNow(NOW);
    const patient = await consentedPatient(stack);
    await stack.reply(patient.phone, "HELP", PHOENIX_SENDER);
    await stack.reply(patient.phone, "HELP");
    const [phoenix, practice] = stack.sentTo(patient.phone);
    expect(senderOf(phoenix!)).toBe(PHOENIX_SENDER);
    expect(phoenix?.body).toMatch(/^Phoenix Clinic: For help call \(602\) 555-0100\./);
    expect(senderOf(practice!)).toBe(MESSAGING_SERVICE_SID);
    expect(practice?.body).toMatch(/^Sunrise Family Clinic: For help call \(312\) 555-0100\./);
  });

  it("offers a freed Phoenix slot only to requests naming Phoenix (by EHR Location or config id) or no location, in Phoenix time, from the Phoenix number", async () => {
    stack = await openTwoLocationStack({ waitlist: { batchSize: 5, holdMinutes: 15 } });
    const s = stack.scenario;
    s.setNow(NOW);
    const owner = await consentedPatient(stack);
    const slot = await createAppointment(s.fhir, owner.ref, new Date("2026-12-03T16:00:00Z"), { location: "loc-px" }); // Thu 09:00 Phoenix
    const wantsPhoenix = await consentedPatient(stack);
    const wantsAny = await consentedPatient(stack);
    const wantsDenver = await consentedPatient(stack);
    const ownPhoenix = await consentedPatient(stack);
    const ownDenver = await consentedPatient(stack);
    const phoenixEntry = await fhirWaitlistEntry(stack, wantsPhoenix.ref, "Location/loc-px");
    await fhirWaitlistEntry(stack, wantsAny.ref);
    await fhirWaitlistEntry(stack, wantsDenver.ref, "Location/loc-dn");
    const window = { requestedStart: NOW, requestedEnd: new Date("2026-12-10T00:00:00Z") };
    await addToWaitlist(s.services.store, { patientRef: ownPhoenix.ref, ...window, locationRef: "phoenix" }, NOW);
    await addToWaitlist(s.services.store, { patientRef: ownDenver.ref, ...window, locationRef: "denver" }, NOW);
    await s.sync();
    await updateAppointment(s.fhir, slot, (a) => ({ ...a, status: "cancelled" }));
    await s.sync();

    const offers = stack.sentTo().filter((m) => m.body.includes("An earlier appointment opened"));
    expect(offers.map((m) => m.to).sort()).toEqual([wantsPhoenix.phone, wantsAny.phone, ownPhoenix.phone].sort());
    for (const offer of offers) {
      expect(senderOf(offer)).toBe(PHOENIX_SENDER);
      expect(offer.body).toContain("opened on Thu, Dec 3 at 9:00 AM.");
    }

    await stack.reply(wantsPhoenix.phone, "YES", PHOENIX_SENDER);
    const booked = await s.fhir.read<Appointment>("Appointment", phoenixEntry.split("/")[1] ?? "");
    expect(booked.status).toBe("booked");
    expect(booked.participant?.map((p) => p.actor?.reference)).toContain("Location/loc-px");
    const [confirmation] = stack.sentTo(wantsPhoenix.phone).filter((m) => m.body.includes("You're booked"));
    expect(senderOf(confirmation!)).toBe(PHOENIX_SENDER);
    expect(confirmation?.body).toContain("You're booked for Thu, Dec 3 at 9:00 AM.");
  });

  it("texts about a place the config does not list with the practice's name, sender and (without an EHR zone) time zone, and flags the place once", async () => {
    stack = await openTwoLocationStack();
    const s = stack.scenario;
    s.setNow(NOW);
    const first = await consentedPatient(stack);
    const second = await consentedPatient(stack);
    // loc-north (Chicago) is in the sandbox EHR but not in this config, and declares no zone.
    await createAppointment(s.fhir, first.ref, new Date("2026-12-02T16:00:00Z"), { location: "loc-north" });
    await createAppointment(s.fhir, second.ref, new Date("2026-12-02T17:00:00Z"), { location: "loc-north" });
    await s.sync();
    s.setNow(new Date("2026-12-01T17:00:00Z"));
    await s.drain();
    const texts = [...stack.sentTo(first.phone), ...stack.sentTo(second.phone)];
    expect(texts.map((m) => senderOf(m))).toEqual([MESSAGING_SERVICE_SID, MESSAGING_SERVICE_SID]);
    expect(texts[0]?.body).toMatch(/^Sunrise Family Clinic: Hi Testa, your appointment is Wed, Dec 2 at 10:00 AM\./);
    expect(texts[1]?.body).toContain("Wed, Dec 2 at 11:00 AM.");
    const flags = s.logs.filter((r) => r.event === "location.unlisted");
    expect(flags.map((r) => r.fields.locationRef)).toEqual(["Location/loc-north"]);
  });

  it("records the sender of each text, so a carrier opt-out (21610) at a location's number stands down that location's open question at once", async () => {
    stack = await openTwoLocationStack();
    const s = stack.scenario;
    s.setNow(NOW);
    const patient = await consentedPatient(stack);
    await createAppointment(s.fhir, patient.ref, new Date("2026-12-02T16:00:00Z"), { location: "loc-px" });
    await s.sync();
    s.setNow(new Date("2026-12-01T16:00:00Z"));
    await s.drain();
    const [text] = stack.sentTo(patient.phone);
    expect(senderOf(text!)).toBe(PHOENIX_SENDER);
    const rows = await s.services.store.db.selectFrom("outbound_messages").select(["provider_sid", "sender"]).execute();
    expect(rows).toEqual([{ provider_sid: text?.sid, sender: PHOENIX_SENDER }]);
    const [waiting] = await s.engine.listRuns({ workflowId: "appointment-reminder" });
    expect(waiting?.status).toBe("waiting");

    await applyStatusCallback(s.services, { messageSid: text?.sid ?? "", status: "undelivered", twilioStatus: "undelivered", errorCode: 21610, failure: "unsubscribed" });
    await s.drain();
    expect((await s.engine.getRun(waiting?.id ?? ""))?.status).toBe("completed");
  });
});
