import type { Appointment, Invoice } from "@medplum/fhirtypes";
import { describe, expect, it } from "vitest";
import { mapInvoice } from "../../../connectors/fhir/pull-balances.js";
import { mapWaitlistEntry } from "../../../connectors/fhir/pull-waitlist.js";
import { appointment } from "./helpers/fixtures.js";

const waiting = (overrides: Partial<Appointment> = {}) =>
  appointment("w1", "p1", { status: "waitlist", start: undefined, end: undefined, requestedPeriod: [{ start: "2030-03-05T13:00:00Z", end: "2030-03-05T17:00:00Z" }], created: "2030-02-20T10:00:00Z", priority: 2, ...overrides });

describe("mapWaitlistEntry", () => {
  it("maps requestedPeriod, priority, created, practitioner, location and version", () => {
    expect(mapWaitlistEntry(waiting())).toEqual({
      ok: true,
      value: {
        source: "fhir",
        ref: "Appointment/w1",
        patientRef: "Patient/p1",
        requestedStart: new Date("2030-03-05T13:00:00Z"),
        requestedEnd: new Date("2030-03-05T17:00:00Z"),
        priority: 2,
        createdAt: new Date("2030-02-20T10:00:00Z"),
        practitionerRef: "Practitioner/pr1",
        locationRef: "Location/loc1",
        version: "1",
      },
    });
  });

  it("sorts an unset priority (FHIR 0) after every real one", () => {
    const result = mapWaitlistEntry(waiting({ priority: 0 }));
    expect(result.ok && result.value.priority).toBe(9);
  });

  it.each<[string, Appointment, string]>([
    ["no requestedPeriod", waiting({ requestedPeriod: undefined }), "no-start"],
    ["a period that ends before it starts", waiting({ requestedPeriod: [{ start: "2030-03-05T17:00:00Z", end: "2030-03-05T13:00:00Z" }] }), "malformed"],
    ["an open-ended period", waiting({ requestedPeriod: [{ start: "2030-03-05T13:00:00Z" }] }), "malformed"],
    ["no patient", appointment("w1", undefined, { status: "waitlist", requestedPeriod: [{ start: "2030-03-05T13:00:00Z", end: "2030-03-05T17:00:00Z" }] }), "no-patient"],
    ["a status other than waitlist", waiting({ status: "booked" }), "malformed"],
  ])("skips an entry with %s", (_name, appt, reason) => {
    const result = mapWaitlistEntry(appt);
    expect(result.ok ? "mapped" : result.skipped.reason).toBe(reason);
  });
});

describe("mapInvoice", () => {
  const invoice = (overrides: Partial<Invoice> = {}): Invoice => ({ resourceType: "Invoice", id: "i1", status: "issued", subject: { reference: "Patient/p1" }, date: "2030-02-01", totalGross: { value: 120, currency: "USD" }, ...overrides });

  it("maps an issued invoice to an unpaid balance without any amount", () => {
    const result = mapInvoice(invoice());
    expect(result).toEqual({ ok: true, value: { source: "fhir", ref: "Invoice/i1", patientRef: "Patient/p1", status: "unpaid", issuedAt: new Date("2030-02-01") } });
    expect(JSON.stringify(result)).not.toContain("120");
  });

  it.each<[string, Invoice, string]>([
    ["a recipient patient when the subject is missing", invoice({ subject: undefined, recipient: { reference: "Patient/p2" } }), "Patient/p2"],
    ["no patient at all", invoice({ subject: { reference: "Group/g1" } }), "no-patient"],
    ["no id", invoice({ id: undefined }), "malformed"],
  ])("handles %s", (_name, inv, expected) => {
    const result = mapInvoice(inv);
    expect(result.ok ? result.value.patientRef : result.skipped.reason).toBe(expected);
  });
});
