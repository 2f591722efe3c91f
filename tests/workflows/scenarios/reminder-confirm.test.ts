import type { Appointment } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import { latestConsentForPatient } from "../../../src/store/consent-ledger.js";
import { listEvents } from "../../../src/store/events.js";
import { listOpenPrompts } from "../../../src/store/prompts.js";
import { getContact } from "../../../src/store/contacts.js";
import { at, BASE, createAppointment, createPatient, hours, openScenario, type Scenario } from "../helpers/scenario.js";

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.dispose();
  scenario = undefined;
});

async function reply(s: Scenario, patientRef: string, intent: string): Promise<void> {
  const contact = await getContact(s.services.store, s.services.crypto, patientRef);
  const prompts = await listOpenPrompts(s.services.store, contact?.phoneIdx ?? "", s.sms.sender, s.services.clock.now());
  expect(prompts).toHaveLength(1);
  // What the inbound router does for a reply matched to one open prompt.
  await s.services.engine.signal(prompts[0]?.signalKey ?? "", { intent, inboundId: "in-1", patientRef });
}

describe("appointment reminder, end to end on the embedded engine and the sandbox EHR", () => {
  it("sends exactly one reminder for a due appointment, and C writes accepted back to the EHR", async () => {
    scenario = await openScenario({ reminders: { touches: ["24h"], replyTouch: "24h" } });
    const s = scenario;
    const patient = await createPatient(s.fhir);
    const start = at(BASE, hours(25));
    const appointmentRef = await createAppointment(s.fhir, patient.ref, start);

    await s.sync();
    expect(s.sms.sent).toHaveLength(0); // not due yet: the 24h touch is an hour away
    const consent = await latestConsentForPatient(s.services.store, s.services.crypto, patient.ref);
    expect(consent?.source).toBe("ehr-import");
    expect(consent?.evidence).toBe("Intake form v3, SMS section");

    s.setNow(at(BASE, hours(1)));
    await s.drain();
    await s.sync(); // an unchanged appointment starts nothing new
    await s.drain();
    expect(s.sms.sent).toHaveLength(1);
    expect(s.sms.sent[0]?.to).toBe(patient.phone);
    expect(s.sms.sent[0]?.body).toContain("Reply C to confirm or R to reschedule");

    await reply(s, patient.ref, "confirm");
    await s.drain();
    const written = await s.fhir.read<Appointment>("Appointment", appointmentRef.split("/")[1] ?? "");
    const participant = written.participant?.find((p) => p.actor?.reference === patient.ref);
    expect(participant?.status).toBe("accepted");
    const events = await listEvents(s.services.store, { type: "appointment.confirmed" });
    expect(events.map((e) => e.refs.appointmentRef)).toEqual([appointmentRef]);

    s.setNow(at(start, hours(1)));
    await s.drain();
    expect(s.sms.sent).toHaveLength(1);
    const runs = await s.engine.listRuns({ workflowId: "appointment-reminder" });
    expect(runs.map((r) => r.status)).toEqual(["completed"]);
  });

  it("answers R with the practice's rescheduling instructions and records the request", async () => {
    scenario = await openScenario({ reminders: { touches: ["24h"], replyTouch: "24h" } });
    const s = scenario;
    const patient = await createPatient(s.fhir);
    await createAppointment(s.fhir, patient.ref, at(BASE, hours(20)));
    await s.sync();
    expect(s.sms.sent).toHaveLength(1);
    await reply(s, patient.ref, "reschedule");
    await s.drain();
    expect(s.sms.sent).toHaveLength(2);
    expect(s.sms.sent[1]?.body).toContain("To reschedule, please call us");
    expect(await listEvents(s.services.store, { type: "appointment.reschedule_requested" })).toHaveLength(1);
  });

  it("with allowCancelByText, a decline cancels the appointment in the EHR and starts a waitlist fill", async () => {
    scenario = await openScenario({ reminders: { touches: ["24h"], replyTouch: "24h", allowCancelByText: true } });
    const s = scenario;
    const patient = await createPatient(s.fhir);
    const appointmentRef = await createAppointment(s.fhir, patient.ref, at(BASE, hours(20)));
    await s.sync();
    await reply(s, patient.ref, "decline");
    await s.drain();
    const written = await s.fhir.read<Appointment>("Appointment", appointmentRef.split("/")[1] ?? "");
    expect(written.status).toBe("cancelled");
    expect(written.participant?.find((p) => p.actor?.reference === patient.ref)?.status).toBe("declined");
    const fills = await s.engine.listRuns({ workflowId: "waitlist-fill" });
    expect(fills).toHaveLength(1);
    expect(fills[0]?.output).toMatchObject({ outcome: "no-candidates" });
  });
});
