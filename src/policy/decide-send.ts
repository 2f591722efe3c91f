import { decideConsent, type Consent, type ConsentScope, type PhiLevel } from "./consent.js";
import { checkFrequencyCap, type FrequencyCaps, type SentMessage } from "./frequency-cap.js";
import { nextSendWindow, resolveSendWindowContext, type SendWindowRecipient } from "./quiet-hours.js";

/**
 * The one policy decision every outbound message passes (design principle 2). It checks, in
 * order: a usable contact, quiet hours (defer), frequency caps (defer), then consent (deny).
 * A reply to the patient's own message (a HELP answer, a STOP confirmation) is exempt from
 * quiet hours, caps and consent: the patient just wrote, and carriers require the answer.
 * A staff member's answer in the console inbox (`answer`) is a person writing back at a time of
 * their choosing: quiet hours, consent and STOP hold as for any outreach, but like every reply it
 * neither needs room under the frequency caps nor counts against them.
 *
 * A waitlist offer (`offer`) is something the patient asked for by joining the waitlist, not an
 * unsolicited text: quiet hours, consent and STOP hold, but the frequency caps do not (the
 * waitlist's own limit, `waitlist.maxOffersPerWeek`, bounds offers before one is made).
 *
 * Two kinds sit between: an acknowledgement ("staff will follow up") and a verification code are
 * exempt from quiet hours, caps and consent too (the patient just wrote, or stands at the desk
 * asking for the code), but they are not answers carriers require, so a phone that opted out gets
 * neither. A number reported as the wrong number gets no acknowledgement and no outreach; only a
 * code (the way staff prove the number is the patient's after all) and carrier-required answers.
 */

export type SendDecision =
  | { action: "send"; phiLevel: PhiLevel; reasons: string[] }
  | { action: "defer"; until: Date; reasons: string[] }
  | { action: "deny"; reasons: string[] };

export interface SendRequest {
  at: Date;
  scope: ConsentScope;
  consent: Consent | null | undefined;
  recipient: SendWindowRecipient & {
    phone?: string;
    /** This exact number was proven to reach the patient (code, reply, attestation); unset is unverified. */
    phoneVerified?: boolean;
  };
  practiceTimeZone: string;
  /** Everything sent to this patient (and phone) by any workflow, for the caps. */
  history: readonly SentMessage[];
  caps?: FrequencyCaps;
  kind?: "outreach" | "offer" | "reply" | "answer" | "acknowledgement" | "verification";
  contactInvalid?: boolean;
  /** The number texted STOP (or the carrier reported it unsubscribed) and has not opted back in. */
  phoneOptedOut?: boolean;
  /** Whoever has the number said it is the wrong number for this patient. */
  wrongNumber?: boolean;
}

export function decideSend(req: SendRequest): SendDecision {
  if (!req.recipient.phone) return { action: "deny", reasons: ["no-phone"] };
  if (req.contactInvalid) return { action: "deny", reasons: ["contact-invalid"] };
  if (req.kind === "reply") return { action: "send", phiLevel: "none", reasons: ["reply-to-patient"] };
  if (req.phoneOptedOut) return { action: "deny", reasons: ["phone-opted-out"] };
  // A code is how a number someone called wrong is proven to be the patient's after all.
  if (req.kind === "verification") return { action: "send", phiLevel: "none", reasons: ["verification"] };
  if (req.wrongNumber) return { action: "deny", reasons: ["wrong-number"] };
  if (req.kind === "acknowledgement") return { action: "send", phiLevel: "none", reasons: ["acknowledgement"] };

  const windowAfter = (at: Date) => nextSendWindow(at, req.recipient, { practiceTimeZone: req.practiceTimeZone });
  const window = windowAfter(req.at);
  if (window.getTime() > req.at.getTime()) return { action: "defer", until: window, reasons: ["quiet-hours"] };

  const zone = resolveSendWindowContext(req.recipient, { practiceTimeZone: req.practiceTimeZone }).timeZones[0] ?? req.practiceTimeZone;
  const cap = req.kind === "answer" || req.kind === "offer" ? { allowed: true as const } : checkFrequencyCap(req.history, req.at, req.caps, zone);
  if (!cap.allowed) {
    const reason = cap.reason ?? "frequency-cap";
    // The caps' release time may fall at night: defer to the first allowed instant after it.
    return cap.nextAllowedAt ? { action: "defer", until: windowAfter(cap.nextAllowedAt), reasons: [reason] } : { action: "deny", reasons: [reason] };
  }

  const consent = decideConsent(req.consent, { scope: req.scope, at: req.at, phoneVerified: req.recipient.phoneVerified ?? false });
  if (!consent.allowed) return { action: "deny", reasons: consent.reasons };
  return { action: "send", phiLevel: consent.phiLevel, reasons: consent.reasons };
}
