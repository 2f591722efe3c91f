import type { Services } from "../src/runtime/services.js";

/**
 * Deterministic keys for runs, prompts, signals and effects. Anything derived from PHI (an
 * appointment's start time) goes through the store's keyed HMAC, so a key can travel to the
 * engine and the logs without revealing what it was made from.
 */

function keyed(services: Pick<Services, "crypto">, purpose: string, value: string): string {
  return services.crypto.index.hmac(purpose, value).slice(0, 22);
}

/**
 * One reminder plan per stay of a booking at a start: a moved appointment gets a new plan, and so
 * does one moved back to a start it had before. `occurrence` tells the stays apart (see
 * reminder-stay.ts); a booking's first stay has none.
 */
export function reminderPlanRef(services: Pick<Services, "crypto">, appointmentRef: string, start: Date, occurrence?: number): string {
  const stay = occurrence === undefined ? "" : `|${occurrence}`;
  return `plan:${keyed(services, "reminder-plan", `${appointmentRef}|${start.toISOString()}${stay}`)}`;
}

/** The signal (and prompt) key a reminder plan waits on for the patient's C / R reply. */
export function reminderSignalKey(planRef: string): string {
  return `reminder:${planRef}`;
}

/** The slot freed by a cancelled appointment: exactly one waitlisted patient may claim it. */
export function slotKey(cancelledRef: string): string {
  return `slot:${cancelledRef}`;
}

/** The signal the winning offer sends so the fill stops sending batches. */
export function slotFilledSignalKey(cancelledRef: string): string {
  return `waitlist-filled:${cancelledRef}`;
}

/** One offer per waitlist entry per freed slot; its own signal key, so simultaneous YES replies never overwrite each other. */
export function offerKey(services: Pick<Services, "crypto">, cancelledRef: string, waitlistRef: string): string {
  return `offer:${keyed(services, "waitlist-offer", `${cancelledRef}|${waitlistRef}`)}`;
}

export function balanceRunKey(balanceRef: string): string {
  return `payment:${balanceRef}`;
}
