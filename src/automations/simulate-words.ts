import { reasonsWords } from "../console/words.js";
import usStates from "../policy/data/us-states.json" with { type: "json" };
import { resolveSendWindowContext, type SendWindowRecipient } from "../policy/quiet-hours.js";
import type { ConditionMiss } from "./conditions.js";

/**
 * The dry run's reasons, in the words a practice manager uses ("deferred: quiet hours in Florida
 * until 8:00 AM"), and the masked "who" (never a name or a full number).
 */
const STATE_NAMES = new Map(Object.entries(usStates.states).map(([name, code]) => [code, name] as const));

const MISSES: Record<ConditionMiss, string> = {
  "appointment-type": "the appointment type is not one this automation is for",
  reason: "the appointment's reason is not one this automation is for",
  location: "the appointment is at another location",
  practitioner: "the appointment is with another practitioner",
  language: "the patient's language is not one this automation is for",
  "not-new-patient": "the patient has been seen before (this automation is for new patients)",
  "not-returning-patient": "the patient has not been seen before (this automation is for returning patients)",
  "visit-history-unknown": "the schedule source does not say when the patient was last seen",
  "last-visit-too-recent": "the patient's last visit is too recent",
  "last-visit-too-long-ago": "the patient's last visit is too long ago",
};

export function conditionWords(miss: ConditionMiss): string {
  return `skipped: ${MISSES[miss]}`;
}

function clock(at: Date, zone: string, withDay: boolean): string {
  const options: Intl.DateTimeFormatOptions = withDay ? { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" } : { hour: "numeric", minute: "2-digit" };
  return new Intl.DateTimeFormat("en-US", { timeZone: zone, ...options }).format(at);
}

const localDay = (at: Date, zone: string): string => new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);

/** Where the quiet hours are counted: the patient's state when known, else their time zone. */
function placeOf(recipient: SendWindowRecipient, practiceTimeZone: string): { words: string; zone: string } {
  const context = resolveSendWindowContext(recipient, { practiceTimeZone });
  const zone = context.timeZones[0] ?? practiceTimeZone;
  const state = context.states.map((code) => STATE_NAMES.get(code)).find((name) => name !== undefined);
  if (state) return { words: `in ${state}`, zone };
  const zoneName = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longGeneric" }).formatToParts(new Date(0)).find((p) => p.type === "timeZoneName")?.value;
  return { words: zoneName ? `(${zoneName})` : "", zone };
}

/** Why a step would wait, without when ("deferred: quiet hours in Florida"), and with it. */
export function deferredWords(reasons: readonly string[], from: Date, until: Date, recipient: SendWindowRecipient, practiceTimeZone: string): { cause: string; reason: string } {
  const place = placeOf(recipient, practiceTimeZone);
  const when = clock(until, place.zone, localDay(until, place.zone) !== localDay(from, place.zone));
  const what = reasons.includes("quiet-hours") ? `quiet hours ${place.words}`.trim() : reasonsWords(reasons);
  return { cause: `deferred: ${what}`, reason: `deferred: ${what} until ${when}` };
}

export function sendWords(at: Date, zone: string): string {
  return `would send ${clock(at, zone, true)}`;
}

export function skippedWords(reasons: readonly string[]): string {
  return `skipped: ${reasonsWords(reasons)}`;
}

/** "phone ending 0142": enough for the front desk to recognise a row, never the number. */
export function maskedWho(phone: string | null | undefined, patientRef: string): string {
  const digits = (phone ?? "").replace(/\D/g, "");
  return digits.length >= 4 ? `phone ending ${digits.slice(-4)}` : `patient …${patientRef.slice(-4)}`;
}
