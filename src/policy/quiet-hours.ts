/**
 * When a message may go: the strictest of federal (08:00-21:00) and state quiet
 * hours, in the recipient's local time. Local-time math goes through TZDate so
 * DST days (23 or 25 hours long) come out right.
 *
 * Time zone, in order: the patient's, else the phone number's region, else the
 * practice's. The phone's region needs async metadata: callers resolve it first
 * with `lookupPhoneRegion(phone)` and pass it as `recipient.phoneRegion`. A bare
 * `phone` is only checked for its country synchronously and is otherwise unused.
 *
 * When several zones are candidates (a +1 907 number is Anchorage or Adak), the
 * instant must be allowed in every one of them. States apply together too: the
 * patient's stated state and the phone's state both bind (Florida's law presumes
 * a Florida area code is a Florida resident, wherever the patient says they live).
 */
import { TZDate } from "@date-fns/tz";
import { addDays, differenceInCalendarDays, isBefore, startOfDay } from "date-fns";
import { boundedMemo } from "./bounded-memo.js";
import { phoneCountry } from "./phone-region.js";
import { isValidTimeZone } from "./time-zone.js";
import { dailySendWindow, toStateCode, type LocalDay } from "./quiet-hours-rules.js";

export interface SendWindowRecipient {
  timeZone?: string;
  phone?: string;
  state?: string;
  /** From `lookupPhoneRegion(phone)`. */
  phoneRegion?: { timeZones: string[]; state?: string };
}

export interface SendWindowOptions {
  practiceTimeZone: string;
}

export interface SendWindowContext {
  timeZones: string[];
  zoneSource: "patient" | "phone-region" | "practice";
  states: string[];
  phoneCountry?: string;
  /** Inputs that were given but not usable, for the audit: "patient-time-zone-invalid", "state-unknown", "phone-region-unresolved". */
  ignored: string[];
}

/** A search that finds nothing within this horizon means the rules exclude each other. */
const HORIZON_DAYS = 31;
const MAX_ROUNDS = 200;


export function resolveSendWindowContext(recipient: SendWindowRecipient, opts: SendWindowOptions): SendWindowContext {
  if (!isValidTimeZone(opts.practiceTimeZone)) {
    throw new Error(`practiceTimeZone "${opts.practiceTimeZone}" is not an IANA time zone; set e.g. "America/Chicago" in the practice config`);
  }
  const ignored: string[] = [];
  const regionZones = (recipient.phoneRegion?.timeZones ?? []).filter(isValidTimeZone);
  let timeZones = [opts.practiceTimeZone];
  let zoneSource: SendWindowContext["zoneSource"] = "practice";
  if (recipient.timeZone !== undefined && !isValidTimeZone(recipient.timeZone)) ignored.push("patient-time-zone-invalid");
  if (recipient.timeZone !== undefined && isValidTimeZone(recipient.timeZone)) {
    timeZones = [recipient.timeZone];
    zoneSource = "patient";
  } else if (regionZones.length > 0) {
    timeZones = [...new Set(regionZones)];
    zoneSource = "phone-region";
  }
  const states = new Set<string>();
  for (const candidate of [recipient.state, recipient.phoneRegion?.state]) {
    const code = toStateCode(candidate);
    if (code) states.add(code);
    else if (candidate !== undefined) ignored.push("state-unknown");
  }
  const context: SendWindowContext = { timeZones, zoneSource, states: [...states], ignored };
  if (recipient.phone !== undefined) {
    const country = phoneCountry(recipient.phone);
    if (country) context.phoneCountry = country;
    if (!recipient.phoneRegion) ignored.push("phone-region-unresolved");
  }
  return context;
}

function localDayOf(local: TZDate): LocalDay {
  return { year: local.getFullYear(), month0: local.getMonth(), day: local.getDate(), dayOfWeek: local.getDay() };
}

function atMinute(day: LocalDay, minute: number, zone: string): TZDate {
  return new TZDate(day.year, day.month0, day.day, Math.floor(minute / 60), minute % 60, zone);
}

/**
 * Windows open and close on whole local minutes, and zone offsets are whole minutes, so every
 * instant in one UTC minute gets the same answer: allowed now, or the same next opening.
 */
const MINUTE_MS = 60_000;
const byMinute = boundedMemo<number | "now" | null>(50_000);

/** The first allowed instant >= `instant` in one zone, or null within the horizon. */
function nextAllowedInZone(instant: Date, zone: string, states: readonly string[]): Date | null {
  const minute = Math.floor(instant.getTime() / MINUTE_MS);
  const next = byMinute(`${zone}|${states.join(",")}|${minute}`, () => {
    const found = searchAllowedInZone(new Date(minute * MINUTE_MS), zone, states);
    return found && found.getTime() === minute * MINUTE_MS ? "now" : (found?.getTime() ?? null);
  });
  if (next === "now") return instant;
  return next === null ? null : new Date(next);
}

function searchAllowedInZone(instant: Date, zone: string, states: readonly string[]): Date | null {
  const today = startOfDay(new TZDate(instant, zone));
  for (let offset = 0; offset <= HORIZON_DAYS; offset++) {
    const day = localDayOf(addDays(today, offset));
    const window = dailySendWindow(states, day);
    if (!window) continue;
    const start = atMinute(day, window.startMinute, zone);
    const end = atMinute(day, window.endMinute, zone);
    if (isBefore(instant, start)) return new Date(start);
    if (isBefore(instant, end)) return instant;
  }
  return null;
}

/** True when `at` is inside the send window in every candidate zone. */
export function isWithinSendWindow(at: Date, context: Pick<SendWindowContext, "timeZones" | "states">): boolean {
  return context.timeZones.every((zone) => nextAllowedInZone(at, zone, context.states) === at);
}

/** `at` itself when sending is allowed then, else the next allowed instant. */
export function nextSendWindow(at: Date, recipient: SendWindowRecipient, opts: SendWindowOptions): Date {
  if (Number.isNaN(at.getTime())) throw new Error("nextSendWindow needs a valid `at` date");
  const context = resolveSendWindowContext(recipient, opts);
  let candidate = at;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let moved = false;
    for (const zone of context.timeZones) {
      const next = nextAllowedInZone(candidate, zone, context.states);
      if (!next || differenceInCalendarDays(next, at) > HORIZON_DAYS) throw noCommonWindow(context);
      if (next !== candidate) {
        candidate = next;
        moved = true;
      }
    }
    // Every zone returned the candidate unchanged: it is allowed everywhere.
    if (!moved) return candidate;
  }
  throw noCommonWindow(context);
}

function noCommonWindow(context: SendWindowContext): Error {
  return new Error(
    `no instant within ${HORIZON_DAYS} days is inside the send window of every candidate zone (${context.timeZones.join(", ")}) and state (${context.states.join(", ") || "none"}); set the patient's time zone`,
  );
}
