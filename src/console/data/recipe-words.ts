import type { Recipe, RecipeSimpleStep, RecipeStep } from "../../automations/recipe.js";
import type { Tone } from "../words.js";
import { describeCron } from "./cron-words.js";

/** The automations page's words for a recipe's parts: triggers, reply meanings, step kinds, outcomes. */
export const TRIGGER_WORDS: Record<string, string> = {
  "appointment.booked": "An appointment is booked",
  "appointment.moved": "An appointment is moved to another time",
  "appointment.cancelled": "An appointment is cancelled",
  "appointment.no_show": "An appointment is marked no-show",
  "appointment.fulfilled": "An appointment is finished (fulfilled or checked out)",
  "invoice.issued": "An invoice is issued",
  "waitlist.joined": "A patient joins the waitlist (added by staff, the API or the EHR)",
  "reply.received": "A patient's reply means something",
  "consent.changed": "A patient's consent to texts changes",
  schedule: "On a schedule (for example an annual recall)",
};

export const INTENT_WORDS: Record<string, string> = {
  confirm: "Confirms (C)",
  reschedule: "Wants another time (R)",
  decline: "Declines",
  accept: "Accepts an offer (YES)",
  acknowledgement: "Says thanks or OK",
  unknown: "Anything minnow cannot read",
};

export const STEP_KIND_WORDS: Record<string, string> = {
  wait: "Wait",
  send: "Send a text",
  wait_for_reply: "Wait for a reply",
  write_back: "Write back to the EHR",
  emit: "Tell another system (REST hook)",
  waitlist: "Waitlist: add or remove",
  inbox: "Open a staff inbox item",
  stop: "Stop",
};

export const FROM_WORDS: Record<string, string> = { trigger: "the trigger", "appointment.start": "the appointment starts", "appointment.end": "the appointment ends" };

export const WRITE_WORDS: Record<string, string> = {
  "participant.accepted": "Mark the patient as coming (accepted)",
  "participant.declined": "Mark the patient as not coming (declined)",
  communication: "Record the text in the patient's chart (Communication)",
};

export const EMIT_FIELD_WORDS: Record<string, string> = {
  "appointment.start": "Appointment time",
  "location.name": "Location name",
  "patient.firstName": "Patient's first name",
  "patient.phone": "Patient's phone number",
};

const PURPOSE_WORDS: Record<string, string> = {
  "appointment-reminder": "Appointment reminder",
  "waitlist-offer": "Waitlist offer",
  "payment-reminder": "Payment reminder",
  broadcast: "Announcement to many patients",
  "consent-request": "Asking for consent to texts",
  reply: "Answer to a patient's text",
  "booking-confirmation": "Booking confirmation",
  "follow-up": "Follow-up (after a visit or a missed one)",
  survey: "Survey link after a visit (never clinical)",
  recall: "Recall (time to book a visit)",
};

/** A template purpose in words ("follow-up" → "Follow-up" when no better words are known). */
export function purposeWords(purpose: string): string {
  return PURPOSE_WORDS[purpose] ?? purpose.charAt(0).toUpperCase() + purpose.slice(1).replace(/-/g, " ");
}

export const LANGUAGE_WORDS: Record<string, string> = { en: "English", es: "Spanish" };

/** "2d" → "2 days", "90m" → "90 minutes", "1h" → "1 hour". */
export function durationWords(duration: string): string {
  const match = /^(\d+)\s*([mhd])$/.exec(duration.trim());
  if (!match) return duration;
  const n = Number(match[1]);
  const unit = { m: "minute", h: "hour", d: "day" }[match[2] as "m" | "h" | "d"];
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

const capitalFirst = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);
const lowerFirst = (words: string) => words.charAt(0).toLowerCase() + words.slice(1);
const intentPhrase = (intent: string) => lowerFirst(INTENT_WORDS[intent] ?? intent);

/** How a run ended, in words with a tone. */
export function outcomeWords(outcome: string | null): { words: string; tone: Tone } {
  if (outcome === null) return { words: "Running", tone: "info" };
  const known: Record<string, { words: string; tone: Tone }> = {
    completed: { words: "Finished", tone: "ok" },
    stopped: { words: "Stopped by a step", tone: "muted" },
    "stood-down": { words: "Stood down (the appointment changed)", tone: "wait" },
    failed: { words: "Failed", tone: "bad" },
  };
  return known[outcome] ?? { words: outcome, tone: "muted" };
}

function simpleStepWords(step: RecipeSimpleStep): string {
  switch (step.kind) {
    case "wait":
      return `wait ${durationWords(step.duration)} ${step.direction} ${FROM_WORDS[step.from] ?? step.from}`;
    case "send":
      return `send a text (${purposeWords(step.purpose).toLowerCase()})`;
    case "write_back":
      return (WRITE_WORDS[step.write] ?? step.write).toLowerCase();
    case "emit":
      return `tell other systems "${step.event}"`;
    case "waitlist":
      return step.action === "add" ? "add the patient to the waitlist" : "take the patient off the waitlist";
    case "inbox":
      return "open a staff inbox item";
    case "stop":
      return "stop";
  }
}

/** One step in a few words, starting with a capital, for the automation's page. */
export function stepWords(step: RecipeStep): string {
  if (step.kind !== "wait_for_reply") return capitalFirst(simpleStepWords(step));
  const branches = step.branches.map((b) => `if the patient ${intentPhrase(b.intent)}: ${b.steps.map(simpleStepWords).join(", then ") || "nothing more"}`);
  const timeout = step.timeout.length ? `; if no reply: ${step.timeout.map(simpleStepWords).join(", then ")}` : "";
  return `Wait up to ${durationWords(step.within)} for a reply (${branches.join("; ")}${timeout})`;
}

/** "When an appointment is marked no-show" / "Every Monday at 10:00 AM". */
export function triggerWords(recipe: Recipe): string {
  const { trigger } = recipe;
  if (trigger.on === "schedule") return `Runs ${describeCron(trigger.cron)}`;
  if (trigger.on === "reply.received") return `When a patient replies and ${intentPhrase(trigger.intent)}`;
  return `When ${lowerFirst(TRIGGER_WORDS[trigger.on] ?? trigger.on)}`;
}

/** Where each step sits, by its short name: "step 2 (send-1)", "step 3, if wants another time (send-2)". */
export function stepPlaces(recipe: Recipe): Map<string, string> {
  const places = new Map<string, string>();
  recipe.steps.forEach((step, i) => {
    places.set(step.id, `step ${i + 1} (${step.id})`);
    if (step.kind !== "wait_for_reply") return;
    for (const branch of step.branches) for (const inner of branch.steps) places.set(inner.id, `step ${i + 1}, if the patient ${intentPhrase(branch.intent)} (${inner.id})`);
    for (const inner of step.timeout) places.set(inner.id, `step ${i + 1}, if there is no reply (${inner.id})`);
  });
  return places;
}

/** Each condition of a recipe in words; none means everyone. */
export function conditionWords(recipe: Recipe, locationName: (id: string) => string): string[] {
  const c = recipe.conditions;
  const words: string[] = [];
  if (c.appointmentTypes) words.push(`Appointment type: ${c.appointmentTypes.join(", ")}`);
  if (c.locations) words.push(`Location: ${c.locations.map(locationName).join(", ")}`);
  if (c.practitioners) words.push(`Practitioner: ${c.practitioners.join(", ")}`);
  if (c.languages) words.push(`Patient's language: ${c.languages.map((l) => LANGUAGE_WORDS[l] ?? l).join(", ")}`);
  if (c.patient) words.push(c.patient === "new" ? "New patients only" : "Returning patients only");
  if (c.lastVisit?.moreThan) words.push(`Last visit more than ${durationWords(c.lastVisit.moreThan)} ago`);
  if (c.lastVisit?.lessThan) words.push(`Last visit less than ${durationWords(c.lastVisit.lessThan)} ago`);
  if (c.reasonCodes) words.push(`Visit reason: ${c.reasonCodes.join(", ")} (read inside minnow only)`);
  return words;
}
