import fc from "fast-check";
import type { Appointment, Patient } from "@medplum/fhirtypes";
import { describe, expect, it } from "vitest";
import { mapAppointment, toAppointmentStatus } from "../../../connectors/fhir/map-appointment.js";
import { appointment, patient } from "./helpers/fixtures.js";

const NOW = new Date("2030-03-01T00:00:00Z");

describe("mapAppointment", () => {
  it("maps refs, times, status, practitioner, location, version and contact", () => {
    const result = mapAppointment(appointment("a1", "p1", { meta: { versionId: "7" } }), patient("p1"), NOW);
    expect(result).toEqual({
      ok: true,
      value: {
        source: "fhir",
        ref: "Appointment/a1",
        patientRef: "Patient/p1",
        start: new Date("2030-03-04T15:00:00Z"),
        end: new Date("2030-03-04T15:30:00Z"),
        status: "booked",
        practitionerRef: "Practitioner/pr1",
        locationRef: "Location/loc1",
        version: "7",
        contact: { phone: "+13125550101", state: "IL" },
      },
    });
  });

  it("accepts absolute and versioned participant references", () => {
    const appt = appointment("a1", undefined, { participant: [{ actor: { reference: "http://ehr.test/fhir/Patient/p1/_history/3" }, status: "accepted" }] });
    const result = mapAppointment(appt, patient("p1"), NOW);
    expect(result.ok && result.value.patientRef).toBe("Patient/p1");
  });

  const skips: Array<[string, Appointment, Patient | undefined, string]> = [
    ["no patient participant", appointment("a1", undefined), patient("p1"), "no-patient"],
    ["no participants at all", { resourceType: "Appointment", id: "a1", status: "booked", start: "2030-03-04T15:00:00Z" } as Appointment, undefined, "no-patient"],
    ["a contained patient reference", appointment("a1", undefined, { participant: [{ actor: { reference: "#p1" }, status: "accepted" }] }), patient("p1"), "no-patient"],
    ["the patient could not be read", appointment("a1", "p1"), undefined, "no-patient"],
    ["a patient that is not the participant", appointment("a1", "p1"), patient("p2"), "no-patient"],
    ["no start", appointment("a1", "p1", { start: undefined }), patient("p1"), "no-start"],
    ["an unreadable start", appointment("a1", "p1", { start: "next tuesday" }), patient("p1"), "malformed"],
    ["an unreadable end", appointment("a1", "p1", { end: "soon" }), patient("p1"), "malformed"],
    ["no id", appointment("", "p1", { id: undefined }), patient("p1"), "malformed"],
    ["no phone", appointment("a1", "p1"), patient("p1", { telecom: [{ system: "email", value: "x@example.test" }] }), "no-phone"],
    ["only a home landline", appointment("a1", "p1"), patient("p1", { telecom: [{ system: "phone", use: "home", value: "(312) 555-0102" }] }), "no-phone"],
    ["an invalid phone", appointment("a1", "p1"), patient("p1", { telecom: [{ system: "sms", value: "555-0100" }] }), "invalid-phone"],
  ];
  it.each(skips)("skips an appointment with %s", (_name, appt, pat, reason) => {
    const result = mapAppointment(appt, pat, NOW);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.skipped.reason).toBe(reason);
  });

  it.each([
    ["booked", "booked"],
    ["checked-in", "booked"],
    ["cancelled", "cancelled"],
    ["noshow", "noshow"],
    ["fulfilled", "fulfilled"],
    ["proposed", "other"],
    [undefined, "other"],
  ])("maps FHIR status %s to %s", (fhir, ours) => {
    expect(toAppointmentStatus(fhir)).toBe(ours);
  });

  it("never throws on arbitrary JSON, and skips carry the appointment ref", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, p) => {
        const appt = (typeof a === "object" && a !== null && !Array.isArray(a) ? { resourceType: "Appointment", id: "x", ...a } : { resourceType: "Appointment", id: "x" }) as Appointment;
        const result = mapAppointment(appt, p as unknown as Patient, NOW);
        if (!result.ok) expect(result.skipped.ref).toMatch(/^Appointment\//);
      }),
      { numRuns: 300 },
    );
  });
});
