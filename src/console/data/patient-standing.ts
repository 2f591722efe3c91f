import { isRevoked } from "../../messaging/inbound/phone-consent-state.js";
import { decideConsent, type ConsentScope } from "../../policy/consent.js";
import { lookupPhoneRegion } from "../../policy/phone-region.js";
import { resolveSendWindowContext } from "../../policy/quiet-hours.js";
import type { Services } from "../../runtime/services.js";
import { latestConsentForPatient, type ConsentRecord } from "../../store/consent-ledger.js";
import { getContact, type Contact } from "../../store/contacts.js";
import { PHI_LEVEL_WORDS, reasonsWords, REVOKE_REASON_WORDS, SCOPE_WORDS, type Tone } from "../words.js";

/**
 * Where one patient stands for texting, as the policy would decide it now: a usable mobile
 * number, consent for a scope and at what detail (PHI level), an opt-out, and the time zone their
 * quiet hours follow. Read through the same ledger and decision as every send.
 */
export interface PatientStanding {
  patientRef: string;
  contact: Contact | null;
  consent: ConsentRecord | null;
  /** The zone the patient's quiet hours are counted in. */
  zone: string;
}

export async function readStanding(services: Services, patientRef: string): Promise<PatientStanding> {
  const [contact, consent] = await Promise.all([getContact(services.store, services.crypto, patientRef), latestConsentForPatient(services.store, services.crypto, patientRef)]);
  const region = contact?.phone ? await lookupPhoneRegion(contact.phone).catch(() => null) : null;
  const context = resolveSendWindowContext(
    { ...(contact?.timeZone ? { timeZone: contact.timeZone } : {}), ...(contact?.state ? { state: contact.state } : {}), ...(region ? { phoneRegion: region } : {}) },
    { practiceTimeZone: services.config.practice.timeZone },
  );
  return { patientRef, contact, consent, zone: context.timeZones[0] ?? services.config.practice.timeZone };
}

export interface Badge {
  words: string;
  tone: Tone;
  /** A second line in plain words (the detail texts may carry, or why not). */
  detail?: string;
}

/** "Appointment texts allowed", with the detail they may carry; or why texts of that scope may not go. */
export function consentBadge(standing: PatientStanding, scope: ConsentScope, at: Date): Badge {
  if (!standing.contact?.phone) return { words: "No texts", tone: "muted", detail: "no mobile number on file" };
  if (standing.contact.invalidAt) return { words: "No texts", tone: "bad", detail: "the mobile number is not working" };
  const decision = decideConsent(standing.consent, { scope, at });
  if (!decision.allowed) return { words: `${SCOPE_WORDS[scope]} not allowed`, tone: "bad", detail: reasonsWords(decision.reasons) };
  const lowered = decision.reasons.includes("phi-lowered-unverified-phone") ? " (phone not verified)" : "";
  return { words: `${SCOPE_WORDS[scope]} allowed`, tone: "ok", detail: `Detail: ${PHI_LEVEL_WORDS[decision.phiLevel]}${lowered}` };
}

/** The opt-out, when there is one: every scope (STOP) or some scopes turned off. */
export function optOutBadge(consent: ConsentRecord | null, when: (at: Date) => string): Badge | null {
  if (!consent) return null;
  const reason = consent.revokedReason ? (REVOKE_REASON_WORDS[consent.revokedReason] ?? consent.revokedReason) : "";
  if (isRevoked(consent) && consent.revokedScopes === undefined) {
    return { words: `Opted out${consent.revokedAt ? ` ${when(consent.revokedAt)}` : ""}${reason ? ` (${reason})` : ""}`, tone: "bad" };
  }
  const off = consent.scopesRevokedOnTheirOwn;
  if (off.length > 0 && isRevoked(consent)) return { words: `Turned off: ${off.map((s) => SCOPE_WORDS[s]).join(", ")}`, tone: "wait" };
  return null;
}
