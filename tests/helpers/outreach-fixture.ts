import type { OutreachRequest } from "../../src/messaging/send-outreach.js";
import type { Services } from "../../src/runtime/services.js";
import { recordConsent } from "../../src/store/consent-ledger.js";
import { upsertContact } from "../../src/store/contacts.js";
import { markPhoneVerified } from "../../src/store/patient-phones.js";

/** One patient with a verified number and minimal-PHI consent for appointment texts, and a reminder to send them. */
export const PATIENT_PHONE = "+13125550123";

export const REMINDER_REQUEST: OutreachRequest = {
  patientRef: "Patient/p1",
  scope: "appointment",
  templateId: "appointment-reminder",
  values: { patient: { firstName: "Rowan" }, appointment: { start: new Date("2026-11-27T15:30:00Z") } },
  effectKey: "reminder:Appointment/a1:touch-24h",
  actor: "workflow:appointment-reminder",
  subjectRef: "Appointment/a1",
};

export async function seedConsentedPatient(services: Pick<Services, "store" | "crypto">): Promise<void> {
  const { store, crypto } = services;
  await upsertContact(store, crypto, { patientRef: "Patient/p1", phone: PATIENT_PHONE, timeZone: "America/Chicago", state: "IL", language: "en" });
  await recordConsent(store, crypto, { patientRef: "Patient/p1", phone: PATIENT_PHONE, scopes: ["appointment"], phiLevel: "minimal", source: "paper", evidence: "Intake form v3", phoneVerified: true, capturedAt: new Date("2026-01-05T00:00:00Z") });
  await markPhoneVerified(store, { patientRef: "Patient/p1", phoneIdx: crypto.index.phone(PATIENT_PHONE), via: "code", evidence: "otp_1", at: new Date("2026-01-05T00:00:00Z") });
}
