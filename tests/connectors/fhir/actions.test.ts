import type { Appointment, Communication } from "@medplum/fhirtypes";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { bookWaitlisted } from "../../../connectors/fhir/actions/book-waitlisted.js";
import { cancelAppointment } from "../../../connectors/fhir/actions/cancel-appointment.js";
import { buildCommunication, recordCommunication } from "../../../connectors/fhir/actions/record-communication.js";
import { setParticipantStatus } from "../../../connectors/fhir/actions/set-participant-status.js";
import { createFhirClient } from "../../../connectors/fhir/client.js";
import { appointment, BASE_URL } from "./helpers/fixtures.js";
import { useMsw } from "./helpers/msw.js";
import { versionedStore } from "./helpers/versioned-store.js";

const server = useMsw();
const client = () => createFhirClient({ baseUrl: BASE_URL });
const waitlisted = () => appointment("w1", "p1", { status: "waitlist", start: undefined, end: undefined, participant: [{ actor: { reference: "Patient/p1" }, status: "needs-action" }, { actor: { reference: "Practitioner/wanted" }, status: "needs-action" }], requestedPeriod: [{ start: "2030-03-05T13:00:00Z", end: "2030-03-05T17:00:00Z" }] });
const SLOT = { start: new Date("2030-03-05T14:00:00Z"), end: new Date("2030-03-05T14:30:00Z"), practitionerRef: "Practitioner/pr2", locationRef: "Location/loc2" };

function useStore(initial: Appointment[]) {
  const store = versionedStore("Appointment", initial);
  server.use(...store.handlers);
  return store;
}

describe("book-waitlisted", () => {
  it("books the slot with If-Match on the version read", async () => {
    const store = useStore([waitlisted()]);
    expect(await bookWaitlisted(client(), { waitlistRef: "Appointment/w1", slot: SLOT })).toEqual({ booked: true, alreadyBooked: false, version: "2" });
    expect(store.puts[0]?.ifMatch).toBe('W/"1"');
    const saved = store.items.get("w1") as Appointment;
    expect(saved).toMatchObject({ status: "booked", start: "2030-03-05T14:00:00.000Z", end: "2030-03-05T14:30:00.000Z" });
    expect(saved.participant.map((p) => `${p.actor?.reference}:${p.status}`)).toEqual(["Patient/p1:accepted", "Practitioner/pr2:accepted", "Location/loc2:accepted"]);
  });

  it("reports taken when the server answers 412 (someone changed the entry first)", async () => {
    const store = useStore([waitlisted()]);
    store.onPut((id) => store.touch(id));
    expect(await bookWaitlisted(client(), { waitlistRef: "Appointment/w1", slot: SLOT })).toEqual({ booked: false, reason: "taken" });
    expect(store.puts).toHaveLength(1);
    expect((store.items.get("w1") as Appointment).status).toBe("waitlist");
  });

  it("is idempotent: booking the same slot again writes nothing", async () => {
    const store = useStore([waitlisted()]);
    await bookWaitlisted(client(), { waitlistRef: "Appointment/w1", slot: SLOT });
    expect(await bookWaitlisted(client(), { waitlistRef: "Appointment/w1", slot: SLOT })).toEqual({ booked: true, alreadyBooked: true, version: "2" });
    expect(store.puts).toHaveLength(1);
  });

  it("refuses an entry that is no longer on the waitlist", async () => {
    const store = useStore([appointment("w1", "p1", { status: "cancelled" })]);
    expect(await bookWaitlisted(client(), { waitlistRef: "Appointment/w1", slot: SLOT })).toEqual({ booked: false, reason: "not-waitlisted" });
    expect(store.puts).toHaveLength(0);
  });

  it("refuses an inverted slot and a bad ref before calling the server", async () => {
    await expect(bookWaitlisted(client(), { waitlistRef: "Appointment/w1", slot: { start: SLOT.end, end: SLOT.start } })).rejects.toThrow("must end after it starts");
    await expect(bookWaitlisted(client(), { waitlistRef: "Patient/p1", slot: SLOT })).rejects.toThrow('Expected a Appointment reference');
  });
});

describe("set-participant-status", () => {
  it("sets the patient participant and leaves the others", async () => {
    const store = useStore([appointment("a1", "p1")]);
    expect(await setParticipantStatus(client(), { appointmentRef: "Appointment/a1", status: "accepted" })).toEqual({ changed: true, version: "2" });
    expect((store.items.get("a1") as Appointment).participant.map((p) => p.status)).toEqual(["accepted", "accepted", "accepted"]);
    expect(await setParticipantStatus(client(), { appointmentRef: "Appointment/a1", status: "accepted" })).toEqual({ changed: false, version: "2" });
    expect(store.puts).toHaveLength(1);
  });

  it("re-reads and re-applies once after a 412 from a concurrent edit", async () => {
    const store = useStore([appointment("a1", "p1")]);
    let first = true;
    store.onPut((id) => {
      if (first) store.touch(id);
      first = false;
    });
    expect(await setParticipantStatus(client(), { appointmentRef: "Appointment/a1", status: "declined" })).toEqual({ changed: true, version: "3" });
    expect(store.puts.map((p) => p.ifMatch)).toEqual(['W/"1"', 'W/"2"']);
  });

  it("explains an appointment with no patient participant", async () => {
    useStore([appointment("a1", undefined)]);
    await expect(setParticipantStatus(client(), { appointmentRef: "Appointment/a1", status: "accepted" })).rejects.toThrow("has no patient participant");
  });
});

describe("cancel-appointment", () => {
  it("cancels with a coded reason, and a second cancel changes nothing", async () => {
    const store = useStore([appointment("a1", "p1")]);
    expect((await cancelAppointment(client(), { appointmentRef: "Appointment/a1" })).changed).toBe(true);
    expect(store.items.get("a1")).toMatchObject({ status: "cancelled", cancelationReason: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason", code: "pat-crs" }] } });
    expect((await cancelAppointment(client(), { appointmentRef: "Appointment/a1" })).changed).toBe(false);
    expect(store.puts).toHaveLength(1);
  });

  it("refuses to cancel a fulfilled appointment", async () => {
    useStore([appointment("a1", "p1", { status: "fulfilled" })]);
    await expect(cancelAppointment(client(), { appointmentRef: "Appointment/a1" })).rejects.toThrow("is fulfilled, so it cannot be cancelled");
  });

  it("refuses to write without a version to match", async () => {
    useStore([appointment("a1", "p1", { meta: {} })]);
    await expect(cancelAppointment(client(), { appointmentRef: "Appointment/a1" })).rejects.toThrow("has no meta.versionId");
  });
});

describe("record-communication", () => {
  const input = { messageId: "msg-1", patientRef: "Patient/p1", appointmentRef: "Appointment/a1", sentAt: new Date("2030-03-03T15:00:00Z") };

  it("builds a completed SMS Communication with no payload text", () => {
    const communication = buildCommunication(input);
    expect(communication).toMatchObject({
      status: "completed",
      subject: { reference: "Patient/p1" },
      about: [{ reference: "Appointment/a1" }],
      sent: "2030-03-03T15:00:00.000Z",
      medium: [{ coding: [{ code: "SMSWRIT" }] }],
      identifier: [{ system: "urn:minnow:message-id", value: "msg-1" }],
    });
    expect(communication.payload).toBeUndefined();
  });

  it("creates it conditionally on minnow's message id", async () => {
    let seen: { ifNoneExist: string | null; body: Communication } | undefined;
    server.use(http.post(`${BASE_URL}/Communication`, async ({ request }) => {
      seen = { ifNoneExist: request.headers.get("if-none-exist"), body: (await request.json()) as Communication };
      return HttpResponse.json({ ...seen.body, id: "c1" }, { status: 201 });
    }));
    expect(await recordCommunication(client(), input)).toEqual({ ref: "Communication/c1" });
    expect(decodeURIComponent(seen?.ifNoneExist ?? "")).toBe("identifier=urn:minnow:message-id|msg-1");
  });

  it.each([
    ["a patient ref that is not a Patient", { ...input, patientRef: "Practitioner/x" }, "Expected a Patient reference"],
    ["an empty message id", { ...input, messageId: " " }, "needs minnow's message id"],
  ])("rejects %s", (_name, bad, message) => {
    expect(() => buildCommunication(bad)).toThrow(message);
  });
});
