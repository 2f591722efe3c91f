import type { Resource } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import type { FhirClient } from "../../../connectors/fhir/client.js";
import { at, BASE, createAppointment, createPatient, hours, openScenario, updateAppointment, type Scenario } from "../helpers/scenario.js";

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.dispose();
  scenario = undefined;
});

const TWO_TOUCHES = { reminders: { touches: ["72h", "24h"], replyTouch: "24h" } };

/** Counts the workflows' reads of the EHR, by resource type, and their searches by `_id` as "search:Type". */
function countReads(s: Scenario): Record<string, number> {
  const counts: Record<string, number> = {};
  const real = s.services.sources.fhir;
  if (!real) throw new Error("The scenario has no FHIR source.");
  const counting: FhirClient = {
    ...real,
    read: <T extends Resource>(resourceType: T["resourceType"], id: string): Promise<T> => {
      counts[resourceType] = (counts[resourceType] ?? 0) + 1;
      return real.read<T>(resourceType, id);
    },
    search: (resourceType, params) => {
      if ("_id" in params) counts[`search:${resourceType}`] = (counts[`search:${resourceType}`] ?? 0) + 1;
      return real.search(resourceType, params);
    },
  };
  s.services.sources.fhir = counting;
  return counts;
}

describe("a reminder's reads of the EHR", () => {
  it("skips a passed touch, sends the next and asks for the answer on one read of the appointment", async () => {
    scenario = await openScenario(TWO_TOUCHES);
    const s = scenario;
    const reads = countReads(s);
    const patient = await createPatient(s.fhir);
    await createAppointment(s.fhir, patient.ref, at(BASE, hours(20)));
    await s.sync();
    expect(s.sms.sent).toHaveLength(1);
    expect(reads.Appointment).toBe(1);
    expect(reads.Patient).toBe(1);
  });

  it("reads afresh after sleeping, and acts on what the EHR says then", async () => {
    scenario = await openScenario(TWO_TOUCHES);
    const s = scenario;
    const reads = countReads(s);
    const patient = await createPatient(s.fhir);
    const ref = await createAppointment(s.fhir, patient.ref, at(BASE, hours(30)));
    await s.sync();
    expect(s.sms.sent).toHaveLength(1); // the 72h touch; the 24h one is not due yet
    expect(reads.Appointment).toBe(1);
    await updateAppointment(s.fhir, ref, (a) => ({ ...a, status: "cancelled" }));
    s.setNow(at(BASE, hours(6))); // the 24h moment
    await s.drain();
    expect(reads.Appointment).toBe(2);
    expect(s.sms.sent).toHaveLength(1);
    const outputs = (await s.engine.listRuns({ workflowId: "appointment-reminder" })).map((r) => r.output);
    expect(outputs).toContainEqual({ outcome: "stood-down", reason: "not-booked", sent: 1 });
  });

  it("re-reads the appointments of reminders that wake together in one search, not two reads each", async () => {
    scenario = await openScenario(TWO_TOUCHES);
    const s = scenario;
    const reads = countReads(s);
    // Six visits at one time, four days out: nothing is due at the sync, and each reminder sleeps
    // until its 72h touch (the sync starts them one by one, so their first looks may not coincide).
    const start = at(BASE, hours(100));
    for (let i = 0; i < 6; i++) await createAppointment(s.fhir, (await createPatient(s.fhir)).ref, start);
    await s.sync();
    expect(s.sms.sent).toHaveLength(0);
    for (const key of Object.keys(reads)) delete reads[key];
    s.setNow(at(start, -hours(72)));
    await s.drain();
    expect(s.sms.sent).toHaveLength(6);
    // The engine wakes the six runs together, so their six re-reads share one search.
    expect(reads["search:Appointment"]).toBe(1);
    expect(reads.Appointment).toBeUndefined();
    expect(reads.Patient).toBeUndefined();
  });
});
