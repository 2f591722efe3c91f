import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TZDate } from "@date-fns/tz";
import type { Appointment, Patient } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import { mapPatientContact } from "../../connectors/fhir/map-contact.js";
import { nextSendWindow } from "../../src/policy/quiet-hours.js";
import { loadOrCreateAnchor } from "../../src/sandbox/sandbox-anchor.js";
import { isDaytime, pickSandboxZone } from "../../src/sandbox/sandbox-zone.js";
import { buildPractice } from "../../src/sandbox/seed-practice.js";

const hoursOf = (day: string) => Array.from({ length: 24 }, (_, h) => new Date(`${day}T${String(h).padStart(2, "0")}:00:00Z`));

describe("where the sandbox practice sits", () => {
  it.each(["2026-12-03", "2026-07-15", "2027-03-08"])("at every UTC hour of %s, a zone where texts may go now, for hours to come", (day) => {
    for (const now of hoursOf(day)) {
      const { timeZone } = pickSandboxZone(now);
      expect(isDaytime(now, timeZone)).toBe(true);
      // The real quiet-hour rules, unbent: a patient in that zone may be texted now and three hours on.
      for (const later of [0, 3]) {
        const at = new Date(now.getTime() + later * 3_600_000);
        expect(nextSendWindow(at, { timeZone }, { practiceTimeZone: timeZone }).getTime()).toBe(at.getTime());
      }
    }
  });

  it("stays in Chicago in the Chicago daytime (15:00 UTC in December is 9 AM there)", () => {
    expect(pickSandboxZone(new Date("2026-12-03T15:00:00Z"))).toMatchObject({ timeZone: "America/Chicago", why: expect.stringContaining("9:00 AM") });
  });

  it("at 03:00 UTC (9 PM in Chicago) moves, and says where and why", () => {
    const zone = pickSandboxZone(new Date("2026-12-03T03:00:00Z"));
    expect(zone.timeZone).not.toBe("America/Chicago");
    expect(zone.why).toContain("9:00 PM in America/Chicago");
    expect(zone.why).toContain(zone.timeZone);
  });
});

describe("the anchor", () => {
  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is written at the first start and read back unchanged later, whatever the hour", () => {
    dir = mkdtempSync(join(tmpdir(), "minnow-anchor-"));
    const file = join(dir, "sandbox", "anchor.json");
    const first = loadOrCreateAnchor(file, new Date("2026-12-03T03:00:00Z"));
    const later = loadOrCreateAnchor(file, new Date("2026-12-03T15:00:00Z"));
    expect(first.firstStart).toBe(true);
    expect(later).toEqual({ ...first, firstStart: false });
  });

  it("refuses a damaged anchor and names the way out", () => {
    dir = mkdtempSync(join(tmpdir(), "minnow-anchor-"));
    const file = join(dir, "anchor.json");
    writeFileSync(file, JSON.stringify({ anchor: "yesterday" }));
    expect(() => loadOrCreateAnchor(file, new Date())).toThrow(/damaged.*sandbox reset/);
  });
});

describe("a practice seeded away from Chicago", () => {
  const now = new Date("2026-12-03T03:00:00Z");
  const practice = buildPractice({ now, timeZone: "Pacific/Guam" });

  it("gives every patient that zone explicitly, and minnow reads it", () => {
    const patients = practice.filter((r): r is Patient => r.resourceType === "Patient");
    for (const patient of patients) {
      const mapped = mapPatientContact(patient, now);
      if (mapped.ok) expect(mapped.contact.timeZone).toBe("Pacific/Guam");
    }
    expect(patients.some((p) => mapPatientContact(p, now).ok)).toBe(true);
  });

  it("starts the Chicago doctors' days at 09:00 in that zone", () => {
    const hours = practice
      .filter((r): r is Appointment => r.resourceType === "Appointment" && r.status === "booked" && !r.participant?.some((p) => p.actor?.reference === "Location/loc-mesa"))
      .map((a) => new TZDate(new Date(a.start ?? ""), "Pacific/Guam").getHours());
    expect(Math.min(...hours)).toBeGreaterThanOrEqual(9);
    expect(Math.max(...hours)).toBeLessThan(17);
  });

  it("puts only textable patients on the waitlist", () => {
    const patients = new Map(practice.filter((r): r is Patient => r.resourceType === "Patient").map((p) => [`Patient/${p.id ?? ""}`, p]));
    const waitlisted = practice.filter((r): r is Appointment => r.resourceType === "Appointment" && r.status === "waitlist");
    expect(waitlisted.length).toBeGreaterThan(0);
    for (const entry of waitlisted) {
      const patient = patients.get(entry.participant?.[0]?.actor?.reference ?? "");
      expect(patient && mapPatientContact(patient, now).ok).toBe(true);
    }
  });
});
