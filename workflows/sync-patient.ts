import type { Patient } from "@medplum/fhirtypes";
import { mapPatientContact } from "../connectors/fhir/map-contact.js";
import { requireRef } from "../connectors/fhir/references.js";
import type { PatientContact } from "../connectors/records.js";
import type { Services } from "../src/runtime/services.js";
import { ledgerSpeaksFor, recordConsent } from "../src/store/consent-ledger.js";
import { appendAudit } from "../src/store/audit-log.js";
import { getContact, upsertContact } from "../src/store/contacts.js";
import { markPhoneVerified } from "../src/store/patient-phones.js";
import { phoneOptOut } from "../src/store/phone-opt-outs.js";

/**
 * Keeps minnow's copy of a patient's contact details (encrypted phone, language, state, zone)
 * and records consent that the source itself documents, once per patient: the practice's
 * intake-form consent (`consent.fromEhr`) or Acuity's smsOptIn. A patient with any ledger row
 * already, or a phone that texted STOP, gets nothing new: an import must never undo an opt-out.
 */
export type ImportedConsent = "ehr-import" | "acuity-sms-opt-in" | null;

async function mayImport(services: Services, patientRef: string, phone: string): Promise<boolean> {
  const phoneIdx = services.crypto.index.phone(phone);
  if (await ledgerSpeaksFor(services.store, patientRef, phoneIdx)) return false;
  return (await phoneOptOut(services.store, phoneIdx)) === null;
}

/**
 * `consent.fromEhr.phonesVerified`: the practice states that its front desk confirms each EHR
 * mobile, so the number the EHR holds now is verified for the patient, audited once per number
 * as the practice's statement. A later number in the EHR is attested when sync first sees it.
 */
async function attestEhrPhone(services: Services, patientRef: string, phone: string, at: Date): Promise<void> {
  const attestation = services.config.consent.fromEhr?.phonesVerified;
  if (!attestation || isAcuityClient(patientRef)) return;
  const proof = { patientRef, phoneIdx: services.crypto.index.phone(phone), via: "attestation" as const, evidence: attestation.evidence, at };
  if (!(await markPhoneVerified(services.store, proof))) return;
  await appendAudit(services.store, {
    actor: "practice:config",
    action: "consent.phone_verified",
    subjectRef: patientRef,
    decision: "attestation",
    reasons: ["practice-attestation"],
    details: { evidence: attestation.evidence, configKey: "consent.fromEhr.phonesVerified" },
    at,
  });
}

const isAcuityClient = (patientRef: string) => patientRef.startsWith("acuity-client:");

export async function syncPatientContact(services: Services, patientRef: string, contact: PatientContact, smsOptIn?: boolean): Promise<ImportedConsent> {
  const now = services.clock.now();
  await upsertContact(services.store, services.crypto, { patientRef, phone: contact.phone ?? null, language: contact.language ?? null, timeZone: contact.timeZone ?? null, state: contact.state ?? null }, now);
  if (!contact.phone) return null;
  await attestEhrPhone(services, patientRef, contact.phone, now);
  const fromEhr = services.config.consent.fromEhr;
  const source: ImportedConsent = isAcuityClient(patientRef) ? (smsOptIn ? "acuity-sms-opt-in" : null) : fromEhr ? "ehr-import" : null;
  if (!source || !(await mayImport(services, patientRef, contact.phone))) return null;
  const grant =
    source === "ehr-import" && fromEhr
      ? { scopes: fromEhr.scopes, phiLevel: fromEhr.phiLevel, evidence: fromEhr.evidence }
      : { scopes: ["appointment" as const], phiLevel: "none" as const, evidence: "Acuity booking form: SMS opt-in checked" };
  await recordConsent(services.store, services.crypto, { patientRef, phone: contact.phone, source, capturedBy: "system:sync", capturedAt: now, ...grant }, now);
  return source;
}

/** A patient sync never saw (waitlisted, or only billed) has no contact yet: read it from the EHR once. */
export async function ensureContact(services: Services, patientRef: string): Promise<boolean> {
  const known = await getContact(services.store, services.crypto, patientRef);
  if (known?.phone) return true;
  const client = services.sources.fhir;
  if (!client || !patientRef.startsWith("Patient/")) return false;
  const patient = await client.read<Patient>("Patient", requireRef(patientRef, "Patient").id);
  const mapped = mapPatientContact(patient, services.clock.now());
  if (!mapped.ok) return false;
  await syncPatientContact(services, patientRef, mapped.contact);
  return true;
}
