/**
 * The console's words for minnow's codes: what a practice manager would say, with the code kept
 * out of sight. An unknown code still reads as words ("some_new_reason" → "some new reason").
 */
export type Tone = "ok" | "wait" | "bad" | "info" | "muted";

const humanize = (code: string): string => code.replace(/^lint:/, "").replace(/[-_.:]+/g, " ").trim();

const REASONS: Record<string, string> = {
  "quiet-hours": "quiet hours",
  "baa-boundary": "held until the practice records a BAA or an acknowledgement for the text provider",
  "daily-cap": "already texted today (1 a day)",
  "weekly-cap": "weekly limit reached",
  "no-consent": "no text consent on file",
  "invalid-consent": "the consent on file is incomplete",
  "evidence-missing": "the consent has no evidence recorded",
  "verbal-without-staff": "verbal consent without the staff member's name",
  revoked: "the patient opted out",
  "scope-revoked": "the patient turned these texts off",
  "scope-missing": "the consent does not cover these texts",
  "captured-in-future": "the consent's date is in the future",
  "broadcast-needs-written-consent": "needs written consent",
  "no-phone": "no mobile number on file",
  "contact-invalid": "the carrier says the number is not valid",
  "superseded-by-later-touch": "a later reminder was due instead",
  "appointment-started": "the appointment had started",
  moved: "the appointment moved",
  "not-booked": "the appointment is no longer booked",
  gone: "the appointment is gone from the EHR",
  unsubscribed: "the patient unsubscribed at their carrier",
  "invalid-number": "the number is not a working mobile number",
  "carrier-filtered-template": "the carrier filtered the message",
  "reply-content-gone": "the words were removed before it could go",
  "phi-lowered-unverified-phone": "phone not verified, so no details are sent",
  "phone-opted-out": "this number texted STOP",
  "wrong-number": "whoever has this number said it is the wrong number",
};

/** One reason in words; a template-render refusal ("variant:field:reason") reads as a missing-detail problem. */
export function reasonWords(code: string): string {
  if (REASONS[code]) return REASONS[code];
  if (code.startsWith("lint:")) return `the text breaks a carrier rule (${humanize(code)})`;
  if (/:[a-z.]+:(phi-always|needs-authorization|unknown-variable|missing-value|invalid-value)$/i.test(code)) return "the text needs a detail this patient's consent does not allow";
  return humanize(code);
}

export function reasonsWords(codes: readonly string[]): string {
  const words = [...new Set(codes.map(reasonWords))];
  return words.length ? words.join("; ") : "no reason recorded";
}

const INTENTS: Record<string, string> = {
  unknown: "Reply minnow could not read",
  ambiguous: "Reply could be for more than one appointment",
  reschedule: "Asks to reschedule",
  reschedule_request: "Asks to reschedule",
  cancel: "Asks to cancel",
  cancel_request: "Asks to cancel",
  wrong_number: "Says it is the wrong number",
  help: "Asked for help",
  help_follow_up: "Asked for help",
  confirm: "Confirmed",
  decline: "Declined",
  accept: "Took the offer",
  choose: "Asked which of several offers to take",
  opt_out: "Opted out",
  opt_in: "Opted back in",
};

export function intentWords(intent: string | null): string {
  if (!intent) return "New message";
  const words = INTENTS[intent];
  if (words) return words;
  const text = humanize(intent);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const PHI_LEVEL_WORDS: Record<string, string> = {
  none: "no patient details",
  minimal: "first name and appointment time",
};

export const SCOPE_WORDS: Record<string, string> = {
  appointment: "Appointment texts",
  waitlist: "Waitlist offers",
  billing: "Billing texts",
  broadcast: "Announcements",
};

export const SOURCE_WORDS: Record<string, string> = {
  "web-form": "Web form",
  paper: "Paper form",
  verbal: "Said so to staff",
  "sms-keyword": "Texted a keyword (START)",
  "ehr-import": "Intake paperwork (from the EHR)",
  "acuity-sms-opt-in": "Acuity booking form",
};

export const REVOKE_REASON_WORDS: Record<string, string> = {
  "patient-request": "The patient asked",
  "wrong-number": "Wrong number",
  "staff-correction": "Recorded by mistake",
  other: "Other",
  "sms-opt-out": "Texted STOP",
  "carrier-unsubscribed-21610": "Unsubscribed at their carrier",
};

const PURPOSES: Record<string, string> = {
  "appointment-reminder": "Reminder",
  "appointment-confirm-request": "Reminder asking C or R",
  "reschedule-instructions": "How to reschedule",
  "waitlist-offer": "Waitlist offer",
  "waitlist-booked": "Waitlist booking confirmed",
  "waitlist-already-filled": "Opening already filled",
  "payment-reminder": "Payment reminder",
  "staff-reply": "Reply from staff",
  "staff-call-us": "Please call us",
  "staff-noted": "Thanks, taken care of",
  "reply:help": "Automatic answer to HELP",
  "reply:opt-out": "Opt-out confirmation",
  "reply:opt-out-cancel-by-phone": "Opt-out confirmation",
  "reply:opt-in": "Opt-in confirmation",
  "reply:opt-in-no-consent": "Automatic answer: no consent on file",
  "reply:clarify": "Automatic question: which appointment?",
  "reply:choose-offer": "Automatic question: which offer?",
  "reply:unrecognized": "Automatic answer: staff will read it",
  "reply:verification-code": "Verification code",
};

/** What an outbound text was, in words ("Reminder asking C or R"). */
export function purposeWords(purpose: string | null): string {
  if (!purpose) return "Text";
  return PURPOSES[purpose] ?? (purpose.startsWith("reply:") ? `Automatic answer (${humanize(purpose.slice(6))})` : humanize(purpose));
}

export const DELIVERY_WORDS: Record<string, { words: string; tone: Tone }> = {
  pending: { words: "sending", tone: "wait" },
  queued: { words: "sent", tone: "ok" },
  sending: { words: "sent", tone: "ok" },
  sent: { words: "sent", tone: "ok" },
  delivered: { words: "delivered", tone: "ok" },
  undelivered: { words: "not delivered", tone: "bad" },
  failed: { words: "not delivered", tone: "bad" },
};

export const FILL_END_WORDS: Record<string, string> = {
  claimed: "filled from the waitlist",
  "no-candidates": "nobody else on the waitlist fits this slot",
  cutoff: "too close to the appointment time to offer",
  rebooked: "staff booked the slot in the EHR",
  "not-cancelled": "the appointment is no longer cancelled",
  gone: "the appointment is gone from the EHR",
  "slot-gone": "the appointment is gone from the EHR",
};

export const OFFER_WORDS: Record<string, { words: string; tone: Tone }> = {
  holding: { words: "Offered, waiting for an answer", tone: "wait" },
  "took-it": { words: "Took it", tone: "ok" },
  answered: { words: "Said no", tone: "muted" },
  expired: { words: "No answer in time", tone: "muted" },
  "too-late": { words: "Answered after it was filled", tone: "muted" },
};
