/**
 * Per-patient frequency caps, across every workflow (the caller passes the
 * patient's whole outbound history, not one workflow's).
 *
 * Defaults follow the FCC 2015 healthcare exemption: at most 1 message a day and
 * 3 a week. "A day" is enforced both ways, because each reading alone lets two
 * messages through that the other stops: a rolling 24 hours (no 23:59 + 00:01)
 * AND the recipient's local calendar day (a 25-hour fall-back day is still one
 * day). "A week" is the rolling 7 local days before `at`, widened to 168 hours
 * when a DST change makes those days shorter.
 *
 * Replies are exempt: a message answering the patient's own text (the HELP
 * answer, the one opt-out confirmation, "Thanks, you're confirmed") neither needs
 * a check nor counts against one. Callers either leave replies out of `sentAt`
 * or pass them as `{ at, isReply: true }`, which are ignored.
 * Sends stamped after `at` (clock skew, already scheduled) count as recent.
 */
import { TZDate } from "@date-fns/tz";
import { addDays, addHours, isAfter, min, startOfDay, subDays, subHours } from "date-fns";
import { boundedMemo } from "./bounded-memo.js";
import { isValidTimeZone } from "./time-zone.js";

export interface FrequencyCaps {
  perDay: number;
  perWeek: number;
}

export type SentMessage = Date | { at: Date; isReply: boolean };

export interface FrequencyCapDecision {
  allowed: boolean;
  reason?: "daily-cap" | "weekly-cap";
  /** When the caps next allow a message, assuming nothing else is sent; absent when a cap is 0. */
  nextAllowedAt?: Date;
}

export const DEFAULT_FREQUENCY_CAPS: Readonly<FrequencyCaps> = Object.freeze({ perDay: 1, perWeek: 3 });

function validate(sentAt: readonly SentMessage[], at: Date, caps: FrequencyCaps, timeZone: string): Date[] {
  if (Number.isNaN(at.getTime())) throw new Error("checkFrequencyCap needs a valid `at` date");
  if (!isValidTimeZone(timeZone)) throw new Error(`checkFrequencyCap: "${timeZone}" is not an IANA time zone`);
  for (const [name, value] of Object.entries(caps)) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`frequency cap ${name} must be a whole number >= 0, got ${String(value)}`);
  }
  const outbound = sentAt.flatMap((sent) => (sent instanceof Date ? [sent] : sent.isReply ? [] : [sent.at]));
  if (outbound.some((sent) => Number.isNaN(sent.getTime()))) throw new Error("checkFrequencyCap: sentAt holds an invalid date");
  return outbound;
}

/**
 * A fan-out checks many patients at the same instant, in the same zone, against sends at the same
 * instants: each local-time conversion (an Intl format under TZDate) is remembered by zone and instant.
 */
const localDays = boundedMemo<string>(20_000);
const weekStarts = boundedMemo<number>(5_000);

/** The calendar day `instant` falls on in `timeZone`, as isSameDay compares them. */
function localDay(instant: Date, timeZone: string): string {
  return localDays(`${timeZone}|${instant.getTime()}`, () => {
    const local = new TZDate(instant, timeZone);
    return `${local.getFullYear()}-${local.getMonth()}-${local.getDate()}`;
  });
}

/** The start of the week before `at`: 7 local days, or 168 hours when a DST change makes those days shorter. */
function weekStart(at: Date, timeZone: string): number {
  return weekStarts(`${timeZone}|${at.getTime()}`, () => min([subDays(new TZDate(at, timeZone), 7), subHours(at, 168)]).getTime());
}

function countsAt(outbound: readonly Date[], at: Date, timeZone: string): { day: number; week: number } {
  const today = localDay(at, timeZone);
  const dayFrom = at.getTime() - 24 * 3_600_000;
  const weekFrom = weekStart(at, timeZone);
  let day = 0;
  let week = 0;
  for (const sent of outbound) {
    if (sent.getTime() > dayFrom || localDay(sent, timeZone) === today) day++;
    if (sent.getTime() > weekFrom) week++;
  }
  return { day, week };
}

function verdict(outbound: readonly Date[], at: Date, caps: FrequencyCaps, timeZone: string): FrequencyCapDecision["reason"] {
  const counts = countsAt(outbound, at, timeZone);
  if (counts.day >= caps.perDay) return "daily-cap";
  if (counts.week >= caps.perWeek) return "weekly-cap";
  return undefined;
}

/** Instants at which a past send stops counting: the only places the verdict can change. */
function releaseTimes(outbound: readonly Date[], timeZone: string): Date[] {
  return outbound.flatMap((sent) => {
    const local = new TZDate(sent, timeZone);
    return [addHours(sent, 24), new Date(startOfDay(addDays(local, 1))), new Date(addDays(local, 7)), addHours(sent, 168)];
  });
}

export function checkFrequencyCap(
  sentAt: readonly SentMessage[],
  at: Date,
  caps: FrequencyCaps | undefined,
  timeZone: string,
): FrequencyCapDecision {
  const limits = caps ?? DEFAULT_FREQUENCY_CAPS;
  // Only the last 8 days can count; older history is dropped so long histories stay cheap.
  const horizon = subDays(at, 8);
  const outbound = validate(sentAt, at, limits, timeZone).filter((sent) => isAfter(sent, horizon));
  const reason = verdict(outbound, at, limits, timeZone);
  if (!reason) return { allowed: true };
  if (limits.perDay === 0 || limits.perWeek === 0) return { allowed: false, reason };
  const candidates = releaseTimes(outbound, timeZone)
    .filter((t) => isAfter(t, at))
    .sort((a, b) => a.getTime() - b.getTime());
  const nextAllowedAt = candidates.find((t) => !verdict(outbound, t, limits, timeZone));
  return nextAllowedAt ? { allowed: false, reason, nextAllowedAt } : { allowed: false, reason };
}
