import { describe, expect, it } from "vitest";
import type { AppointmentRecord } from "../../connectors/records.js";
import { createBlindIndex } from "../../src/store/blind-index.js";
import { appointmentFingerprint, classifyChange } from "../../workflows/sync-diff.js";
import { everyMinutesCron } from "../../workflows/sync.js";
import { covers, rankCandidates } from "../../workflows/waitlist-candidates.js";
import { reminderPlanRef } from "../../workflows/workflow-keys.js";

const crypto = { index: createBlindIndex(Buffer.alloc(32, 7)) } as never;
const base: AppointmentRecord = {
  source: "fhir",
  ref: "Appointment/a1",
  patientRef: "Patient/p1",
  start: new Date("2026-12-10T16:00:00Z"),
  status: "booked",
  contact: { phone: "+13125550123", language: "es", state: "IL" },
};

describe("appointmentFingerprint and classifyChange", () => {
  const fp = appointmentFingerprint({ crypto }, base);
  it.each([
    ["same record", base, "unchanged"],
    ["moved", { ...base, start: new Date("2026-12-11T16:00:00Z") }, "moved"],
    ["cancelled", { ...base, status: "cancelled" as const }, "cancelled"],
    ["new phone", { ...base, contact: { ...base.contact, phone: "+13125550124" } }, "changed"],
    ["new practitioner", { ...base, practitionerRef: "Practitioner/x" }, "changed"],
  ])("%s → %s", (_name, record, change) => {
    expect(classifyChange({ fingerprint: fp, status: "booked" }, record, appointmentFingerprint({ crypto }, record))).toBe(change);
  });
  it("anything never seen is new", () => {
    expect(classifyChange(null, base, fp)).toBe("new");
  });
  it("stores no PHI: neither the phone, nor the start, nor the ref appear in it", () => {
    for (const needle of ["5550123", "2026", "a1", "IL", "es"]) expect(fp).not.toContain(needle);
    expect(fp).toMatch(/^[\w-]{16}\.[\w-]{16}$/);
  });
  it("plan refs differ per start and pass as workflow references", () => {
    const a = reminderPlanRef({ crypto }, base.ref, base.start);
    const b = reminderPlanRef({ crypto }, base.ref, new Date("2026-12-11T16:00:00Z"));
    expect(a).not.toBe(b);
    expect(a).toMatch(/^plan:[A-Za-z0-9_-]{22}$/);
  });
});

describe("waitlist candidates", () => {
  const slot = { start: new Date("2026-12-10T16:00:00Z"), end: new Date("2026-12-10T16:30:00Z"), practitionerRef: "Practitioner/1" };
  const entry = { requestedStart: new Date("2026-12-09T00:00:00Z"), requestedEnd: new Date("2026-12-12T00:00:00Z") };
  it.each([
    ["covers, any practitioner", entry, true],
    ["same practitioner", { ...entry, practitionerRef: "Practitioner/1" }, true],
    ["other practitioner", { ...entry, practitionerRef: "Practitioner/2" }, false],
    ["period ends inside the slot", { ...entry, requestedEnd: new Date("2026-12-10T16:15:00Z") }, false],
    ["period starts after the slot", { ...entry, requestedStart: new Date("2026-12-10T16:10:00Z") }, false],
  ])("%s → %s", (_name, e, expected) => {
    expect(covers(e, slot)).toBe(expected);
  });
  it("ranks by priority, then longest waiting, then ref", () => {
    const at = (d: string) => new Date(d);
    const ranked = rankCandidates([
      { ref: "c", priority: 2, createdAt: at("2026-01-01") },
      { ref: "b", priority: 1, createdAt: at("2026-03-01") },
      { ref: "a", priority: 1, createdAt: at("2026-02-01") },
      { ref: "d", priority: 1, createdAt: at("2026-02-01") },
    ]);
    expect(ranked.map((r) => r.ref)).toEqual(["a", "d", "b", "c"]);
  });
});

describe("everyMinutesCron", () => {
  it.each([
    [5, "*/5 * * * *"],
    [60, "0 */1 * * *"],
    [180, "0 */3 * * *"],
    [1440, "0 0 * * *"],
  ])("%s min → %s", (minutes, cron) => {
    expect(everyMinutesCron(minutes)).toBe(cron);
  });
  it.each([0, 1.5, 1441])("refuses %s", (minutes) => {
    expect(() => everyMinutesCron(minutes)).toThrow(RangeError);
  });
});
