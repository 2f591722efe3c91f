import type { AppointmentStatus } from "../../../connectors/records.js";
import type { Touch } from "../../../workflows/reminder-plan.js";
import { touchDueAt } from "../../../workflows/reminder-plan.js";
import { reasonsWords, type Tone } from "../words.js";

/**
 * What the reminders for one appointment did, touch by touch, and what the patient answered: in
 * words, from what minnow recorded (the messages sent and the audit of every decision). Pure, so
 * each case is tested without a store.
 */
export interface SentTouch {
  at: Date;
  status: string;
}

export interface DecisionFact {
  at: Date;
  action: string;
  decision: string | null;
  reasons: string[];
  /** The instant a deferred message goes, when it was deferred. */
  until: Date | null;
  /** The reminder touch the decision was about, when the audit names it. */
  touch: string | null;
  /** The template a send decision was for (the reply touch asks with its own). */
  templateId: string | null;
}

export interface ReminderFacts {
  touches: readonly Touch[];
  start: Date;
  /** The appointment's location zone: reminder offsets count whole days on its calendar. */
  timeZone: string;
  status: AppointmentStatus;
  now: Date;
  /** Sent reminder messages by touch name. */
  sent: ReadonlyMap<string, SentTouch>;
  /** Reminder decisions about this appointment, oldest first. */
  decisions: readonly DecisionFact[];
  /** No mobile number on file (or no patient): nothing can be texted. */
  noMobile?: boolean;
  /** A question ("Reply C to confirm") is open and unanswered. */
  asking: boolean;
  /** The patient's status on the appointment in the EHR. */
  ehrAnswer: string | undefined;
  /** Describes an instant for the reader: "9:40 AM" or "Wed, Dec 3, 8:00 AM". */
  when(at: Date): string;
  /** An instant in the patient's own zone, named: "8:00 AM CT". */
  patientTime(at: Date): string;
}

export interface Line {
  label: string;
  words: string;
  tone: Tone;
}

function touchLabel(touch: Touch): string {
  const match = /^(\d+)\s*([mhd])$/.exec(touch.name.trim());
  const unit = match?.[2] === "d" ? "day" : match?.[2] === "m" ? "minute" : "hour";
  const amount = Number(match?.[1] ?? 0);
  return `${amount} ${unit}${amount === 1 ? "" : "s"} before${touch.asksForReply ? " (asks C or R)" : ""}`;
}

const REMINDER_ACTIONS = new Set(["message.deferred", "message.skipped", "message.failed", "reminder.touch_skipped", "reminder.stood_down"]);

function deliveryWords(sent: SentTouch): { words: string; tone: Tone } {
  if (sent.status === "delivered") return { words: "delivered", tone: "ok" };
  if (sent.status === "failed" || sent.status === "undelivered") return { words: "not delivered", tone: "bad" };
  return { words: "sent", tone: "ok" };
}

function decisionLine(fact: DecisionFact, facts: ReminderFacts): { words: string; tone: Tone } {
  switch (fact.action) {
    case "message.deferred": {
      const why = fact.reasons.includes("quiet-hours") ? `quiet hours until ${fact.until ? facts.patientTime(fact.until) : "the morning"}` : `${reasonsWords(fact.reasons)}; goes ${fact.until ? facts.when(fact.until) : "later"}`;
      return { words: `Waiting: ${why}`, tone: "wait" };
    }
    case "message.skipped":
      return { words: `Not sent: ${reasonsWords(fact.reasons)}`, tone: "bad" };
    case "message.failed":
      return { words: `Not delivered: ${reasonsWords(fact.reasons)}`, tone: "bad" };
    case "reminder.touch_skipped":
      return { words: `Skipped: ${reasonsWords(fact.reasons)}`, tone: "muted" };
    default:
      return { words: `Stopped: ${reasonsWords(fact.reasons)}`, tone: "muted" };
  }
}

/**
 * Which touch a decision was about: the audit names it for a skipped or stopped touch; a send
 * decision names its template, and only the reply touch asks with the confirm request; any other
 * send belongs to the latest plain touch already due when it was decided.
 */
function touchOf(fact: DecisionFact, facts: ReminderFacts): string | undefined {
  if (fact.touch) return fact.touch;
  if (fact.templateId === "appointment-confirm-request") return facts.touches.find((t) => t.asksForReply)?.name;
  const due = facts.touches.filter((t) => !t.asksForReply && touchDueAt(t, facts.start, facts.timeZone).getTime() <= fact.at.getTime());
  return due.at(-1)?.name;
}

/** One line per reminder touch: sent, planned, waiting (and why), or not sent (and why). */
export function reminderLines(facts: ReminderFacts): Line[] {
  const decisions = facts.decisions.filter((d) => REMINDER_ACTIONS.has(d.action));
  return facts.touches.map((touch) => {
    const label = touchLabel(touch);
    const sent = facts.sent.get(touch.name);
    if (sent) {
      const delivery = deliveryWords(sent);
      return { label, words: `${delivery.words === "sent" ? "Sent" : `Sent, ${delivery.words}`} ${facts.when(sent.at)}`, tone: delivery.tone };
    }
    const due = touchDueAt(touch, facts.start, facts.timeZone);
    const latest = decisions.filter((d) => touchOf(d, facts) === touch.name).at(-1);
    if (latest) return { label, ...decisionLine(latest, facts) };
    if (facts.noMobile) return { label, words: "Not sent: no mobile number on file", tone: "muted" };
    if (facts.status !== "booked") return { label, words: "Not sent: the appointment is no longer booked", tone: "muted" };
    if (due.getTime() > facts.now.getTime()) return { label, words: `Planned for ${facts.when(due)}`, tone: "info" };
    if (facts.now >= facts.start) return { label, words: "Not sent", tone: "muted" };
    return { label, words: "Due now", tone: "wait" };
  });
}

export type Answer = "confirmed" | "reschedule" | "declined" | "cancelled" | "waiting" | "no-reply" | "not-asked";

const ANSWER_EVENTS: Record<string, Answer> = {
  "appointment.confirmed": "confirmed",
  "appointment.reschedule_requested": "reschedule",
  "appointment.declined": "declined",
  "appointment.cancelled_by_text": "cancelled",
};

export const ANSWER_WORDS: Record<Answer, { words: string; tone: Tone }> = {
  confirmed: { words: "Confirmed", tone: "ok" },
  reschedule: { words: "Wants to reschedule", tone: "bad" },
  declined: { words: "Declined", tone: "bad" },
  cancelled: { words: "Cancelled by text", tone: "bad" },
  waiting: { words: "Waiting for reply", tone: "wait" },
  "no-reply": { words: "No reply", tone: "muted" },
  "not-asked": { words: "Not asked yet", tone: "muted" },
};

/** The patient's answer: what they texted, else what the EHR says, else whether we are waiting. */
export function patientAnswer(facts: Pick<ReminderFacts, "decisions" | "asking" | "ehrAnswer" | "sent" | "touches">): Answer {
  const replies = facts.decisions.filter((d) => d.action === "reply.applied" && d.decision && ANSWER_EVENTS[d.decision]);
  const last = replies.at(-1);
  if (last?.decision) return ANSWER_EVENTS[last.decision] ?? "not-asked";
  if (facts.ehrAnswer === "accepted") return "confirmed";
  if (facts.ehrAnswer === "declined") return "declined";
  if (facts.asking) return "waiting";
  const asked = facts.touches.some((t) => t.asksForReply && facts.sent.has(t.name));
  return asked ? "no-reply" : "not-asked";
}
