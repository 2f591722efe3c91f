import { parseDuration } from "../src/config/duration.js";
import { beforeInZone } from "../src/policy/local-offset.js";

/**
 * Pure touch planning for appointment reminders. A touch is an offset before the appointment
 * ("72h", "24h"). When a touch's moment has passed, it is sent only if no later touch is also
 * due: an appointment booked 23 hours ahead gets the 24h text, never the 72h one. Offsets are
 * counted in the appointment's location zone: "24h" before 9:00 is 9:00 the day before there,
 * across DST changes too (see local-offset.ts).
 */
export interface Touch {
  /** The configured name, e.g. "24h"; part of the touch's effect key. */
  name: string;
  offsetMs: number;
  /** The touch that asks "Reply C to confirm or R to reschedule". */
  asksForReply: boolean;
}

export type TouchDecision =
  | { action: "wait"; until: Date }
  | { action: "send" }
  | { action: "skip"; reason: "superseded-by-later-touch" }
  | { action: "stop"; reason: "appointment-started" };

function offsetOf(name: string): number {
  const ms = parseDuration(name);
  if (ms === null) throw new Error(`Reminder touch "${name}" is not a duration like "72h" or "90m"; fix reminders.touches in the practice config.`);
  return ms;
}

/** The configured touches plus the reply touch, earliest (largest offset) first, without duplicates. */
export function orderTouches(touches: readonly string[], replyTouch: string): Touch[] {
  const replyOffset = offsetOf(replyTouch);
  const byOffset = new Map<number, Touch>();
  for (const name of [...touches, replyTouch]) {
    const offsetMs = offsetOf(name);
    if (!byOffset.has(offsetMs)) byOffset.set(offsetMs, { name, offsetMs, asksForReply: offsetMs === replyOffset });
  }
  return [...byOffset.values()].sort((a, b) => b.offsetMs - a.offsetMs);
}

export function touchDueAt(touch: Touch, start: Date, timeZone: string): Date {
  return beforeInZone(start, touch.offsetMs, timeZone);
}

/** What to do about `touches[index]` at `now`, for an appointment starting at `start` in `timeZone`. */
export function planTouch(touches: readonly Touch[], index: number, start: Date, now: Date, timeZone: string): TouchDecision {
  const touch = touches[index];
  if (!touch) throw new RangeError(`No reminder touch at index ${index} (there are ${touches.length}).`);
  if (now.getTime() >= start.getTime()) return { action: "stop", reason: "appointment-started" };
  const due = touchDueAt(touch, start, timeZone);
  if (due.getTime() > now.getTime()) return { action: "wait", until: due };
  const laterAlsoDue = touches.slice(index + 1).some((later) => touchDueAt(later, start, timeZone).getTime() <= now.getTime());
  return laterAlsoDue ? { action: "skip", reason: "superseded-by-later-touch" } : { action: "send" };
}
