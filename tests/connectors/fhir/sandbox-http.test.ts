import type { Appointment } from "@medplum/fhirtypes";
import { addDays } from "date-fns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookWaitlisted } from "../../../connectors/fhir/actions/book-waitlisted.js";
import { cancelAppointment } from "../../../connectors/fhir/actions/cancel-appointment.js";
import { recordCommunication } from "../../../connectors/fhir/actions/record-communication.js";
import { setParticipantStatus } from "../../../connectors/fhir/actions/set-participant-status.js";
import { createFhirClient, type FhirClient } from "../../../connectors/fhir/client.js";
import { FhirRequestError } from "../../../connectors/fhir/fhir-error.js";
import { pullAppointments } from "../../../connectors/fhir/pull-appointments.js";
import { pullBalances } from "../../../connectors/fhir/pull-balances.js";
import { pullWaitlist } from "../../../connectors/fhir/pull-waitlist.js";
import type { AppointmentRecord, WaitlistEntry } from "../../../connectors/records.js";
import { startSandboxEhr } from "../../../src/sandbox/ehr-server.js";
import { collect } from "./helpers/fixtures.js";

/** The connector against the sandbox EHR over real HTTP on 127.0.0.1: no mocks. */
const NOW = new Date("2030-03-04T08:00:00Z");
let sandbox: Awaited<ReturnType<typeof startSandboxEhr>>;
let client: FhirClient;

beforeAll(async () => {
  sandbox = await startSandboxEhr({ port: 0, seed: 7, now: NOW });
  client = createFhirClient({ baseUrl: sandbox.baseUrl });
});
afterAll(async () => {
  await sandbox?.close();
});

async function windowAppointments(pageSize: number) {
  return collect(pullAppointments(client, { from: NOW, to: addDays(NOW, 14), pageSize, now: NOW }));
}

describe("FHIR connector against the sandbox EHR over HTTP", () => {
  let appointments: AppointmentRecord[] = [];

  it("pulls the 14-day window in pages with _include, without patient fallback reads", async () => {
    const pages = await windowAppointments(25);
    appointments = pages.flatMap((p) => p.appointments);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.every((p) => p.patientsFetched === 0)).toBe(true);
    expect(appointments.length + pages.reduce((n, p) => n + p.skipped.length, 0)).toBeGreaterThanOrEqual(200);
    expect(new Set(appointments.map((a) => a.ref)).size).toBe(appointments.length);
    for (const a of appointments) {
      expect(a.start.getTime()).toBeGreaterThanOrEqual(NOW.getTime());
      expect(a.start.getTime()).toBeLessThan(addDays(NOW, 14).getTime());
    }
  });

  it("maps each appointment to refs, practitioner, location, version and an E.164 contact", () => {
    for (const a of appointments) {
      expect(a.ref).toMatch(/^Appointment\//);
      expect(a.patientRef).toMatch(/^Patient\//);
      expect(a.practitionerRef).toMatch(/^Practitioner\//);
      expect(a.locationRef).toMatch(/^Location\//);
      expect(a.version).toBeTruthy();
      expect(a.contact.phone).toMatch(/^\+1\d{10}$/);
    }
    expect(new Set(appointments.map((a) => a.practitionerRef)).size).toBeGreaterThanOrEqual(3);
    expect(appointments.some((a) => a.contact.language?.startsWith("es"))).toBe(true);
  });

  it("gets the same appointments whatever the page size", async () => {
    const refs = (await windowAppointments(100)).flatMap((p) => p.appointments.map((a) => a.ref)).sort();
    expect(refs).toEqual(appointments.map((a) => a.ref).sort());
  });

  it("reads the waitlist and the unpaid invoices", async () => {
    const waitlist = (await collect(pullWaitlist(client, { pageSize: 10 }))).flatMap((p) => p.entries);
    expect(waitlist.length).toBeGreaterThan(0);
    for (const w of waitlist) expect(w.requestedStart.getTime()).toBeLessThan(w.requestedEnd.getTime());
    const balances = (await collect(pullBalances(client, { pageSize: 10 }))).flatMap((p) => p.balances);
    expect(balances.length).toBeGreaterThan(0);
    expect(balances.every((b) => b.status === "unpaid" && b.patientRef.startsWith("Patient/"))).toBe(true);
  });

  it("writes back the patient's participation status and reads it back", async () => {
    const target = appointments.find((a) => a.status === "booked");
    if (!target) throw new Error("the sandbox seeded no booked appointment");
    const result = await setParticipantStatus(client, { appointmentRef: target.ref, status: "accepted" });
    expect(result.changed).toBe(true);
    const reread = await client.read<Appointment>("Appointment", target.ref.split("/")[1] ?? "");
    expect(reread.participant.find((p) => p.actor?.reference === target.patientRef)?.status).toBe("accepted");
    expect(reread.meta?.versionId).not.toBe(target.version);
  });

  it("cancels an appointment with a reason", async () => {
    const target = appointments.filter((a) => a.status === "booked").at(-1);
    if (!target) throw new Error("the sandbox seeded no booked appointment");
    expect((await cancelAppointment(client, { appointmentRef: target.ref })).changed).toBe(true);
    const reread = await client.read<Appointment>("Appointment", target.ref.split("/")[1] ?? "");
    expect(reread.status).toBe("cancelled");
    expect(reread.cancelationReason?.coding?.[0]?.code).toBe("pat-crs");
  });

  it("books a waitlisted patient into a freed slot, once, and a stale If-Match gets 412", async () => {
    const [entry] = (await collect(pullWaitlist(client))).flatMap((p) => p.entries) as [WaitlistEntry, ...WaitlistEntry[]];
    const slot = { start: entry.requestedStart, end: new Date(entry.requestedStart.getTime() + 30 * 60_000), practitionerRef: "Practitioner/" + (appointments[0]?.practitionerRef?.split("/")[1] ?? ""), locationRef: appointments[0]?.locationRef };
    const booked = await bookWaitlisted(client, { waitlistRef: entry.ref, slot });
    expect(booked).toMatchObject({ booked: true, alreadyBooked: false });
    expect(await bookWaitlisted(client, { waitlistRef: entry.ref, slot })).toMatchObject({ booked: true, alreadyBooked: true });
    const reread = await client.read<Appointment>("Appointment", entry.ref.split("/")[1] ?? "");
    expect(reread.status).toBe("booked");
    expect(Date.parse(reread.start ?? "")).toBe(slot.start.getTime());
    const stale = await client.update(reread, { ifMatchVersion: "0" }).then(() => undefined, (e: unknown) => e);
    expect(stale).toBeInstanceOf(FhirRequestError);
    expect((stale as FhirRequestError).status).toBe(412);
  });

  it("records a Communication once per message id", async () => {
    const target = appointments[0];
    if (!target) throw new Error("no appointment");
    const input = { messageId: "bench-msg-1", patientRef: target.patientRef, appointmentRef: target.ref, sentAt: NOW };
    const first = await recordCommunication(client, input);
    const again = await recordCommunication(client, input);
    expect(again.ref).toBe(first.ref);
  });
});
