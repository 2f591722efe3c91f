import { at, BASE, createAppointment, createPatient, createWaitlistEntry, hours, updateAppointment, type PracticeScenario } from "./scenario.js";

/**
 * The waitlist's race set up: a slot booked 50 h out, two waitlisted patients (the first joined
 * earlier), then the slot cancelled at the EHR and synced, so the fill has offered it to both.
 */
export async function freeSlotForTwoWaitlisted(s: PracticeScenario) {
  const owner = await createPatient(s.fhir);
  const start = at(BASE, hours(50));
  const cancelled = await createAppointment(s.fhir, owner.ref, start);
  const first = await createPatient(s.fhir);
  const second = await createPatient(s.fhir);
  const entries = [await createWaitlistEntry(s.fhir, first.ref, "2026-11-01T00:00:00Z"), await createWaitlistEntry(s.fhir, second.ref, "2026-11-02T00:00:00Z")];
  await s.sync();
  await updateAppointment(s.fhir, cancelled, (a) => ({ ...a, status: "cancelled" }));
  await s.sync();
  return { owner, start, cancelled, first, second, entries };
}
