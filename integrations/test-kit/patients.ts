/** Patients the integration tests act on, set up in the sandbox as a practice would have them. */
import { at, BASE, createAppointment, createPatient, hours } from "../../tests/workflows/helpers/scenario.js";
import type { Stack } from "../../tests/e2e/helpers/e2e-stack.js";

export interface TestPatient {
  ref: string;
  phone: string;
}

/** A patient with an appointment in five days, synced: minnow knows the phone, no reminder is due yet. */
export async function createKnownPatient(stack: Stack): Promise<TestPatient> {
  const s = stack.scenario;
  const patient = await createPatient(s.fhir);
  await createAppointment(s.fhir, patient.ref, at(BASE, hours(24 * 5)));
  await s.sync();
  return patient;
}

/** A known patient who then texted STOP: every send to them is refused (phone-opted-out). */
export async function createOptedOutPatient(stack: Stack): Promise<TestPatient> {
  const patient = await createKnownPatient(stack);
  await stack.reply(patient.phone, "STOP");
  return patient;
}
