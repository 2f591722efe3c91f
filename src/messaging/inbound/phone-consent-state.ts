import type { Services } from "../../runtime/services.js";
import { consentsByPhoneIdx, latestConsentForPatient, type ConsentRecord } from "../../store/consent-ledger.js";
import { contactsByPhoneIdx, type Contact } from "../../store/contacts.js";

/**
 * Everyone a phone speaks for, and where their consent stands. A patient belongs to a phone when
 * a consent was recorded with that number or their contact record has it: STOP from the phone
 * that receives a patient's texts must stop them, even if the consent was captured on an older number.
 */
export interface PhoneConsentState {
  phoneIdx: string;
  /** Sorted, unique. */
  patientRefs: string[];
  contacts: Contact[];
  /** Each patient's latest consent row (the one policy decides on), or null. */
  latest: Map<string, ConsentRecord | null>;
  /**
   * The newest consent row the phone's patients have ("none" without one). It changes only when a
   * consent is recorded, so it keys the one opt-out confirmation per opt-in period: a second STOP
   * finds the same marker and sends nothing, a START records a row and re-arms it.
   */
  marker: string;
  /** Every patient with a consent has it revoked (a reply to anything but HELP/START stays quiet). */
  optedOut: boolean;
}

/** A revocation at or after the grant's capture covers it; a later grant (START) supersedes. */
export function isRevoked(consent: ConsentRecord): boolean {
  return consent.revokedAt != null && consent.revokedAt.getTime() >= consent.capturedAt.getTime();
}

function newer(a: ConsentRecord, b: ConsentRecord): ConsentRecord {
  const byTime = a.capturedAt.getTime() - b.capturedAt.getTime();
  return byTime > 0 || (byTime === 0 && a.id > b.id) ? a : b;
}

export async function readPhoneConsentState(services: Pick<Services, "store" | "crypto">, phoneIdx: string): Promise<PhoneConsentState> {
  const { store, crypto } = services;
  const [rows, contacts] = await Promise.all([consentsByPhoneIdx(store, crypto, phoneIdx), contactsByPhoneIdx(store, crypto, phoneIdx)]);
  const patientRefs = [...new Set([...rows.map((r) => r.patientRef), ...contacts.map((c) => c.patientRef)])].sort();
  const latest = new Map<string, ConsentRecord | null>();
  let newest: ConsentRecord | undefined;
  for (const row of rows) newest = newest ? newer(row, newest) : row;
  for (const patientRef of patientRefs) {
    const consent = await latestConsentForPatient(store, crypto, patientRef);
    latest.set(patientRef, consent);
    if (consent) newest = newest ? newer(consent, newest) : consent;
  }
  const withConsent = [...latest.values()].filter((c): c is ConsentRecord => c !== null);
  return {
    phoneIdx,
    patientRefs,
    contacts,
    latest,
    marker: newest?.id ?? "none",
    optedOut: withConsent.length > 0 && withConsent.every(isRevoked),
  };
}

/** The patient a reply may be recorded against: only when the phone belongs to exactly one. */
export function soleRecipient(state: PhoneConsentState): string | null {
  const [only, ...others] = state.patientRefs;
  return only !== undefined && others.length === 0 ? only : null;
}

/** The language of the phone's only contact, if it has one. */
export function contactLanguage(state: PhoneConsentState): string | null {
  const [only, ...others] = state.contacts;
  return only && others.length === 0 ? only.language : null;
}
