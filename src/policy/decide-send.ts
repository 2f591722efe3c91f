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
 */

export type SendDecision =
  | { action: "send"; phiLevel: PhiLevel; reasons: string[] }
  | { action: "defer"; until: Date; reasons: string[] }
  | { action: "deny"; reasons: string[] };

export interface SendRequest {
  at: Date;
  scope: ConsentScope;
  consent: Consent | null | undefined;
  recipient: SendWindowRecipient & { phone?: string };
  practiceTimeZone: string;
  /** Everything sent to this patient (and phone) by any workflow, for the caps. */
  history: readonly SentMessage[];
  caps?: FrequencyCaps;
  kind?: "outreach" | "reply" | "answer";
  contactInvalid?: boolean;
}

export function decideSend(req: SendRequest): SendDecision {
  if (!req.recipient.phone) return { action: "deny", reasons: ["no-phone"] };
  if (req.contactInvalid) return { action: "deny", reasons: ["contact-invalid"] };
  if (req.kind === "reply") return { action: "send", phiLevel: "none", reasons: ["reply-to-patient"] };

  const windowAfter = (at: Date) => nextSendWindow(at, req.recipient, { practiceTimeZone: req.practiceTimeZone });
  const window = windowAfter(req.at);
  if (window.getTime() > req.at.getTime()) return { action: "defer", until: window, reasons: ["quiet-hours"] };

  const zone = resolveSendWindowContext(req.recipient, { practiceTimeZone: req.practiceTimeZone }).timeZones[0] ?? req.practiceTimeZone;
  const cap = req.kind === "answer" ? { allowed: true as const } : checkFrequencyCap(req.history, req.at, req.caps, zone);
  if (!cap.allowed) {
    const reason = cap.reason ?? "frequency-cap";
    // The caps' release time may fall at night: defer to the first allowed instant after it.
    return cap.nextAllowedAt ? { action: "defer", until: windowAfter(cap.nextAllowedAt), reasons: [reason] } : { action: "deny", reasons: [reason] };
  }

  const consent = decideConsent(req.consent, { scope: req.scope, at: req.at });
  if (!consent.allowed) return { action: "deny", reasons: consent.reasons };
  return { action: "send", phiLevel: consent.phiLevel, reasons: consent.reasons };
}
