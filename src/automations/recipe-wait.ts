import { parseDuration } from "../config/duration.js";
import { afterInZone, beforeInZone } from "../policy/local-offset.js";
import type { RecipeStep } from "./recipe.js";

type WaitStep = Extract<RecipeStep, { kind: "wait" }>;

/** What a wait step counts from: the trigger, or the appointment as it is now (the trigger when there is none). */
export function waitBase(wait: WaitStep, triggerAt: Date, appointment?: { start: Date; end?: Date | null }): Date {
  if (!appointment || wait.from === "trigger") return triggerAt;
  return wait.from === "appointment.end" ? (appointment.end ?? appointment.start) : appointment.start;
}

/**
 * When a wait step ends. Whole days count on the location's calendar, so "3d after" a 16:00 visit
 * is 16:00 local three days on even across a DST change; hours and minutes are elapsed time.
 */
export function waitEnd(wait: WaitStep, base: Date, timeZone: string): Date {
  const offset = parseDuration(wait.duration) ?? 0;
  return wait.direction === "before" ? beforeInZone(base, offset, timeZone) : afterInZone(base, offset, timeZone);
}
