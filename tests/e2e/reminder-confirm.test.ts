import type { Appointment } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import { listEvents } from "../../src/store/events.js";
import { at, BASE, createAppointment, createPatient, hours } from "../workflows/helpers/scenario.js";
import { openStack, type Stack } from "./helpers/e2e-stack.js";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.dispose();
  stack = undefined;
});

const ONE_TOUCH = { reminders: { touches: ["24h"], replyTouch: "24h" } };

async function participantStatus(stack: Stack, appointmentRef: string, patientRef: string): Promise<string | undefined> {
  const appointment = await stack.scenario.fhir.read<Appointment>("Appointment", appointmentRef.split("/")[1] ?? "");
  return appointment.participant?.find((p) => p.actor?.reference === patientRef)?.status;
}

describe("e2e: reminder and reply over the server, the engine, the EHR and Twilio", () => {
  it("a due appointment gets exactly one reminder at Twilio, and a signed C writes accepted back to the EHR", async () => {
    stack = await openStack(ONE_TOUCH);
    const { scenario: s } = stack;
    const patient = await createPatient(s.fhir);
    const start = at(BASE, hours(25));
    const appointmentRef = await createAppointment(s.fhir, patient.ref, start);

    await s.sync();
    expect(stack.sentTo()).toHaveLength(0); // the 24h touch is an hour away
    s.setNow(at(BASE, hours(1)));
    await s.drain();
    await s.sync(); // an unchanged appointment plans nothing new
    await s.drain();
    const sent = stack.sentTo();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toBe(patient.phone);
    expect(sent[0]?.messagingServiceSid).toMatch(/^MG/);
    expect(sent[0]?.body).toContain("Reply C to confirm or R to reschedule");
    expect(await participantStatus(stack, appointmentRef, patient.ref)).toBe("needs-action");

    const res = await stack.reply(patient.phone, "C");
    expect(res.status).toBe(200);
    expect(await participantStatus(stack, appointmentRef, patient.ref)).toBe("accepted");
    const confirmed = await listEvents(s.services.store, { type: "appointment.confirmed" });
    expect(confirmed.map((e) => e.refs.appointmentRef)).toEqual([appointmentRef]);

    s.setNow(at(start, hours(1)));
    await s.drain();
    expect(stack.sentTo().filter((m) => m.body.includes("Reply C"))).toHaveLength(1);
    const runs = await s.engine.listRuns({ workflowId: "appointment-reminder" });
    expect(runs.map((r) => r.status)).toEqual(["completed"]);
  });

  it("refuses an unsigned or wrongly signed reply: nothing is written back", async () => {
    stack = await openStack(ONE_TOUCH);
    const { scenario: s } = stack;
    const patient = await createPatient(s.fhir);
    const appointmentRef = await createAppointment(s.fhir, patient.ref, at(BASE, hours(20)));
    await s.sync();
    expect(stack.sentTo(patient.phone)).toHaveLength(1);
    const params = new URLSearchParams({ From: patient.phone, Body: "C", MessageSid: `SM${"f".repeat(32)}` }).toString();
    for (const signature of [undefined, "bm90LWEtc2lnbmF0dXJl"]) {
      const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
      if (signature) headers["x-twilio-signature"] = signature;
      const res = await fetch(`${stack.serverUrl}/webhooks/twilio/inbound`, { method: "POST", headers, body: params });
      expect(res.status).toBe(403);
    }
    await s.drain();
    expect(await participantStatus(stack, appointmentRef, patient.ref)).toBe("needs-action");
  });
});
