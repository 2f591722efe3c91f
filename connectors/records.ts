/**
 * The small internal records every scheduling source maps into. They hold only what minnow
 * needs to decide and send; the rest of the source resource never leaves the connector.
 */

export type AppointmentStatus = "booked" | "cancelled" | "waitlist" | "fulfilled" | "noshow" | "other";

export interface PatientContact {
  /** E.164 mobile number, when the source has a usable one. */
  phone?: string;
  /** BCP-47 language tag from the patient's preferred communication (e.g. "es"). */
  language?: string;
  /** Two-letter US state from the patient's address, for state quiet-hour rules. */
  state?: string;
  /** IANA time zone when the source knows it. */
  timeZone?: string;
}

export interface AppointmentRecord {
  source: "fhir" | "acuity" | "hl7";
  /** Source-qualified reference, e.g. "Appointment/123", "acuity:456" or "hl7:789". */
  ref: string;
  patientRef: string;
  start: Date;
  end?: Date;
  status: AppointmentStatus;
  /** FHIR "entered-in-error": cancelled as far as scheduling goes, but a record that should never have existed, not a cancellation the patient made or heard of. */
  enteredInError?: boolean;
  practitionerRef?: string;
  locationRef?: string;
  /**
   * Appointment type and service category codes, as the source names them (FHIR appointmentType,
   * serviceCategory and serviceType codings; Acuity's appointmentTypeID). Automations' conditions
   * read them inside an engine step; always PHI (they can name the care), so never logged.
   */
  typeCodes?: string[];
  /** FHIR reasonCode codes: always PHI, read only by an automation condition inside minnow. */
  reasonCodes?: string[];
  /** The source's version (FHIR meta.versionId) for conditional writes. */
  version?: string;
  contact: PatientContact;
  /** Payment fields, when the source carries them (Acuity). */
  payment?: { paid: boolean; amountPaid?: string; price?: string };
  /** Consent evidence the source carries (Acuity smsOptIn). */
  smsOptIn?: boolean;
}

export interface WaitlistEntry {
  source: "fhir" | "minnow";
  ref: string;
  patientRef: string;
  requestedStart: Date;
  requestedEnd: Date;
  priority: number;
  createdAt: Date;
  practitionerRef?: string;
  locationRef?: string;
  version?: string;
}

export interface BalanceRecord {
  source: "fhir" | "acuity";
  ref: string;
  patientRef: string;
  status: "unpaid" | "paid" | "other";
  issuedAt?: Date;
}

/** Why a source resource was skipped; counted and logged by id only. */
export interface SkippedResource {
  ref: string;
  reason: "no-patient" | "no-start" | "no-phone" | "invalid-phone" | "malformed";
}
