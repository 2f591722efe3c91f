import type { Appointment, Patient } from "@medplum/fhirtypes";
import type { FhirClient } from "../../../connectors/fhir/client.js";
import { at, BASE, hours, type PracticeScenario } from "../../workflows/helpers/scenario.js";
import type { Stack } from "./e2e-stack.js";

/**
 * Canary PHI: a patient and an appointment whose every sensitive field holds a marker that must
 * never show up where PHI may not go (logs, engine payloads, outside destinations).
 */
export const CANARY_PHONE = "+13125550177";
/** Always PHI: must never reach an SMS either. */
export const ALWAYS_PHI = { diagnosis: "ZQCANARY-DX-hemorrhoids", birthDate: "1931-07-19", birthDateUs: "07/19/1931", mrn: "MRN-ZQCANARY-4471" };
export const CANARIES = { ...ALWAYS_PHI, serviceType: "ZQCANARY-SVC-colonoscopy", family: "Zqcanaryfamily", phone: CANARY_PHONE, nationalPhone: CANARY_PHONE.slice(2) };

/** Each canary found in the haystack, with an example of where. */
export function leaks(haystack: string[], canaries: Record<string, string>): string[] {
  return Object.entries(canaries).flatMap(([name, canary]) => {
    const hits = haystack.filter((h) => h.toLowerCase().includes(canary.toLowerCase()));
    return hits.length ? [`${name} in ${hits.length} item(s), e.g. ${(hits[0] ?? "").slice(0, 200)}`] : [];
  });
}

async function createCanaryPatient(fhir: FhirClient): Promise<string> {
  const patient: Patient = {
    resourceType: "Patient",
    identifier: [{ type: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v2-0203", code: "MR" }] }, system: "urn:oid:1.2.3.4", value: CANARIES.mrn }],
    name: [{ given: ["Testa"], family: CANARIES.family }],
    birthDate: CANARIES.birthDate,
    telecom: [{ system: "phone", value: CANARY_PHONE, use: "mobile" }],
    address: [{ use: "home", state: "IL" }],
  };
  return `Patient/${(await fhir.create(patient)).id ?? ""}`;
}

async function createCanaryAppointment(fhir: FhirClient, patientRef: string, start: Date): Promise<string> {
  const appointment: Appointment = {
    resourceType: "Appointment",
    status: "booked",
    serviceType: [{ text: CANARIES.serviceType }],
    reasonCode: [{ text: CANARIES.diagnosis }],
    description: CANARIES.diagnosis,
    start: start.toISOString(),
    end: at(start, hours(0.5)).toISOString(),
    participant: [
      { actor: { reference: patientRef }, status: "needs-action" },
      { actor: { reference: "Practitioner/prac-1" }, status: "accepted" },
      { actor: { reference: "Location/loc-north" }, status: "accepted" },
    ],
  };
  return `Appointment/${(await fhir.create(appointment)).id ?? ""}`;
}

/** Two reminder touches, and intake consent at the `minimal` PHI level: the most a text may say. */
export const CANARY_CONFIG = {
  reminders: { touches: ["72h", "24h"], replyTouch: "24h" },
  consent: { fromEhr: { scopes: ["appointment", "waitlist", "billing"], phiLevel: "minimal", evidence: "Intake form v3, SMS section" } },
};

/**
 * The canary patient's visit: booked 74 h out, reminded at both touches, confirms with C, then
 * texts back a question quoting their diagnosis and birth date.
 */
export async function runCanaryVisit<S extends PracticeScenario>(stack: Stack<S>): Promise<{ patientRef: string; appointmentRef: string; texts: number }> {
  const s = stack.scenario;
  const patientRef = await createCanaryPatient(s.fhir);
  const start = at(BASE, hours(74));
  const appointmentRef = await createCanaryAppointment(s.fhir, patientRef, start);
  await s.sync();
  s.setNow(at(BASE, hours(2)));
  await s.drain();
  s.setNow(at(start, -hours(24)));
  await s.drain();
  const texts = stack.sentTo(CANARY_PHONE).length;
  await stack.reply(CANARY_PHONE, "C");
  await stack.reply(CANARY_PHONE, `is this about my ${CANARIES.diagnosis}? born ${CANARIES.birthDateUs}`);
  return { patientRef, appointmentRef, texts };
}
