import { addDays } from "date-fns";
import fc from "fast-check";
import type { Appointment, Invoice, Location, Patient, Resource } from "@medplum/fhirtypes";
import { describe, expect, it } from "vitest";
import { buildPractice, practiceStats } from "../../src/sandbox/seed-practice.js";

/** The synthetic practice: its invariants, for any seed and any `now`, and its determinism. */
const NOW = new Date("2030-03-04T08:00:00Z");
const FICTIONAL_PHONE = /^\+1[2-9]\d{2}55501\d{2}$/;

function ofType<T extends Resource>(resources: Resource[], type: T["resourceType"]): T[] {
  return resources.filter((r): r is T => r.resourceType === type);
}

function phonesOf(patient: Patient): string[] {
  return (patient.telecom ?? []).filter((t) => t.system === "phone" || t.system === "sms").map((t) => t.value ?? "");
}

function checkInvariants(resources: Resource[], now: Date): void {
  const patients = ofType<Patient>(resources, "Patient");
  const appointments = ofType<Appointment>(resources, "Appointment");
  const booked = appointments.filter((a) => a.status === "booked");
  const patientIds = new Set(patients.map((p) => `Patient/${p.id ?? ""}`));
  expect(patients.length).toBeGreaterThanOrEqual(50);
  const inWindow = booked.filter((a) => Date.parse(a.start ?? "") > now.getTime() && Date.parse(a.start ?? "") < addDays(now, 14).getTime());
  expect(inWindow.length).toBe(booked.length);
  expect(booked.length).toBeGreaterThanOrEqual(200);
  for (const a of booked) {
    const actors = a.participant.map((p) => p.actor?.reference ?? "");
    expect(patientIds.has(actors[0] ?? "")).toBe(true);
    expect(a.participant[0]?.status).toBe("needs-action");
    expect(actors.some((r) => r.startsWith("Practitioner/"))).toBe(true);
    expect(actors.some((r) => r.startsWith("Location/"))).toBe(true);
    expect(Date.parse(a.end ?? "")).toBeGreaterThan(Date.parse(a.start ?? ""));
  }
  expect(new Set(booked.map((a) => a.participant[1]?.actor?.reference)).size).toBe(4);
  expect(new Set(booked.map((a) => a.participant[2]?.actor?.reference)).size).toBe(3);
  // The Mesa clinic keeps Arizona hours: weekday mornings 09:00-11:30 in Phoenix, whatever Chicago's offset.
  const mesa = booked.filter((a) => a.participant[2]?.actor?.reference === "Location/loc-mesa");
  expect(mesa.length).toBeGreaterThan(0);
  for (const a of mesa) {
    expect(a.participant[1]?.actor?.reference).toBe("Practitioner/prac-4");
    const hour = Number(new Intl.DateTimeFormat("en-US", { timeZone: "America/Phoenix", hour: "numeric", hourCycle: "h23" }).format(new Date(a.start ?? "")));
    expect(hour).toBeGreaterThanOrEqual(9);
    expect(hour).toBeLessThan(12);
  }
  for (const p of patients) for (const phone of phonesOf(p)) expect(phone).toMatch(FICTIONAL_PHONE);
  expect(new Set(resources.map((r) => `${r.resourceType}/${r.id ?? ""}`)).size).toBe(resources.length);
}

describe("buildPractice", () => {
  const practice = buildPractice({ seed: 3, now: NOW });
  const patients = ofType<Patient>(practice, "Patient");
  const appointments = ofType<Appointment>(practice, "Appointment");

  it("holds the default practice's invariants", () => {
    checkInvariants(practice, NOW);
    expect(ofType(practice, "Practitioner")).toHaveLength(4);
    expect(ofType(practice, "Location")).toHaveLength(3);
  });

  it("holds them for any seed and any moment, weekends and DST changes included", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.date({ min: new Date("2024-01-01T00:00:00Z"), max: new Date("2035-12-31T00:00:00Z"), noInvalidDate: true }), (seed, now) => {
        checkInvariants(buildPractice({ seed, now }), now);
      }),
      { numRuns: 25 },
    );
  });

  it("has a clinic in another time zone whose EHR Location declares it (the FHIR timezone extension)", () => {
    const mesa = ofType<Location>(practice, "Location").find((l) => l.id === "loc-mesa");
    expect(mesa?.extension).toEqual([{ url: "http://hl7.org/fhir/StructureDefinition/timezone", valueCode: "America/Phoenix" }]);
    expect(mesa?.address?.state).toBe("AZ");
  });

  it("has Spanish speakers, bilingual patients preferring Spanish, and English ones", () => {
    const preferred = patients.map((p) => p.communication?.find((c) => c.preferred)?.language.coding?.[0]?.code);
    expect(preferred.filter((c) => c === "es").length).toBeGreaterThanOrEqual(3);
    expect(preferred.filter((c) => c === "en-US").length).toBeGreaterThanOrEqual(3);
    expect(patients.some((p) => (p.communication?.length ?? 0) === 2)).toBe(true);
  });

  it("has families sharing one mobile number", () => {
    const owners = new Map<string, number>();
    for (const p of patients) for (const phone of new Set(phonesOf(p))) owners.set(phone, (owners.get(phone) ?? 0) + 1);
    expect([...owners.values()].filter((n) => n >= 2).length).toBeGreaterThanOrEqual(2);
  });

  it("mixes mobile, sms, home-only and phoneless patients across several states", () => {
    const kinds = patients.map((p) => {
      const t = p.telecom ?? [];
      if (t.some((c) => c.system === "sms")) return "sms";
      if (t.some((c) => c.use === "mobile")) return "mobile";
      if (t.some((c) => c.system === "phone")) return "home-only";
      return "none";
    });
    expect(new Set(kinds)).toEqual(new Set(["sms", "mobile", "home-only", "none"]));
    expect(new Set(patients.map((p) => p.address?.[0]?.state)).size).toBeGreaterThanOrEqual(3);
  });

  it("puts always-PHI canaries (service type, reason) on some appointments", () => {
    expect(appointments.some((a) => a.serviceType?.length)).toBe(true);
    expect(appointments.some((a) => a.reasonCode?.length)).toBe(true);
  });

  it("has a prioritised waitlist and both unpaid and paid invoices", () => {
    const waitlist = appointments.filter((a) => a.status === "waitlist");
    expect(waitlist.length).toBeGreaterThan(0);
    for (const w of waitlist) {
      expect(w.start).toBeUndefined();
      expect(w.priority).toBeGreaterThanOrEqual(1);
      expect(Date.parse(w.requestedPeriod?.[0]?.start ?? "")).toBeLessThan(Date.parse(w.requestedPeriod?.[0]?.end ?? ""));
    }
    const invoices = ofType<Invoice>(practice, "Invoice");
    const unpaid = invoices.filter((i) => i.status === "issued");
    expect(unpaid.length).toBeGreaterThan(0);
    expect(invoices.some((i) => i.status === "balanced")).toBe(true);
    expect(unpaid.every((i) => (i.totalGross?.value ?? 0) > 0 && i.subject?.reference?.startsWith("Patient/"))).toBe(true);
  });

  it("is the same practice for the same seed and now, and another for another seed", () => {
    expect(JSON.stringify(buildPractice({ seed: 3, now: NOW }))).toBe(JSON.stringify(practice));
    expect(JSON.stringify(buildPractice({ seed: 4, now: NOW }))).not.toBe(JSON.stringify(practice));
  });

  it("grows to benchmark size with exact counts", () => {
    const stats = practiceStats(buildPractice({ seed: 1, now: NOW, size: { patients: 2000, appointments: 10_000 } }));
    expect(stats).toMatchObject({ patients: 2000, appointments: 10_000 });
  });

  it.each([
    [{ patients: 0, appointments: 10 }],
    [{ patients: 10, appointments: 1.5 }],
    [{ patients: Number.NaN, appointments: 10 }],
  ])("refuses the size %o", (size) => {
    expect(() => buildPractice({ size })).toThrow(/must be a positive integer/);
  });
});
