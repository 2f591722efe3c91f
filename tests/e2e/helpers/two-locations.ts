import type { Appointment, Location } from "@medplum/fhirtypes";
import { TIMEZONE_EXTENSION_URL } from "../../../connectors/fhir/location-time-zone.js";
import { recordConsent } from "../../../src/store/consent-ledger.js";
import { markPhoneVerified } from "../../../src/store/patient-phones.js";
import { createPatient } from "../../workflows/helpers/scenario.js";
import { openStack, type Stack } from "./e2e-stack.js";

/**
 * A group practice with a Phoenix clinic (no DST; its zone in the config) and a Denver clinic (its
 * zone only in its EHR Location's timezone extension), each texting from its own sender, on the
 * e2e stack: sandbox EHR, server, engine and fake Twilio.
 */
export const PHOENIX_SENDER = "+16025550100";
export const DENVER_SENDER = `MG${"d".repeat(32)}`;

export const TWO_LOCATIONS = [
  { id: "phoenix", fhir: "Location/loc-px", name: "Phoenix Clinic", phone: "+16025550100", timeZone: "America/Phoenix", sender: PHOENIX_SENDER },
  { id: "denver", fhir: "Location/loc-dn", name: "Denver Clinic", phone: "+13035550100", sender: DENVER_SENDER },
];

export async function openTwoLocationStack(config: Record<string, unknown> = {}): Promise<Stack> {
  const stack = await openStack({
    // No consent from the EHR: each patient's is recorded verified (consentedPatient), so texts carry times.
    consent: {},
    reminders: { touches: ["24h"], replyTouch: "24h" },
    // Two appointments a day for one patient are the point here, not the FCC's daily limit.
    caps: { perDay: 5, perWeek: 20 },
    locations: TWO_LOCATIONS,
    ...config,
  });
  const locations: Location[] = [
    { resourceType: "Location", id: "loc-px", name: "Phoenix Clinic", status: "active" },
    { resourceType: "Location", id: "loc-dn", name: "Denver Clinic", status: "active", extension: [{ url: TIMEZONE_EXTENSION_URL, valueCode: "America/Denver" }] },
  ];
  for (const location of locations) await stack.scenario.ehr.repo.createResource(location);
  return stack;
}

/** The patient's participant status on an appointment in the EHR. */
export async function participantStatus(stack: Stack, appointmentRef: string, patientRef: string): Promise<string | undefined> {
  const appointment = await stack.scenario.fhir.read<Appointment>("Appointment", appointmentRef.split("/")[1] ?? "");
  return appointment.participant?.find((p) => p.actor?.reference === patientRef)?.status;
}

/** Who a fake-Twilio message went out as: its Messaging Service, else its From number. */
export function senderOf(message: { from: string | null; messagingServiceSid: string | null }): string | null {
  return message.messagingServiceSid ?? message.from;
}

/** A patient (Chicago number) whose consent to appointment and waitlist texts, at PHI level minimal, was verified on the phone. */
export async function consentedPatient(stack: Stack): Promise<{ ref: string; phone: string }> {
  const patient = await createPatient(stack.scenario.fhir);
  const at = stack.scenario.services.clock.now();
  const { store, crypto } = stack.scenario.services;
  await recordConsent(store, crypto, { patientRef: patient.ref, phone: patient.phone, scopes: ["appointment", "waitlist"], phiLevel: "minimal", source: "web-form", evidence: "Patient portal SMS form", capturedAt: at, phoneVerified: true }, at);
  // A verification belongs to the number it proved: the code was checked on this one.
  await markPhoneVerified(store, { patientRef: patient.ref, phoneIdx: crypto.index.phone(patient.phone), via: "code", evidence: "otp-portal", at });
  return patient;
}
