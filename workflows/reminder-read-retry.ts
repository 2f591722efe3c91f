import { errorKind, log } from "../src/log.js";
import type { Services } from "../src/runtime/services.js";
import type { ReminderInput } from "./reminder-touch.js";
import { isTransientReadError } from "./source-reads.js";

/**
 * When the appointment's source cannot be read (a timeout, a 5xx, throttling that outlasted the
 * client's own retries), a reminder neither fails nor stands down: a failed read says nothing
 * about the appointment. It sleeps and reads again, from a minute up to half an hour apart, for
 * about a day; only then does the error stand and the run fail where someone will see it.
 * Engines count a run's failures over its whole life, so leaving these to engine retries would
 * fail a reminder after a handful of blips spread over days.
 */
export const READ_RETRY = { firstMs: 60_000, maxMs: 30 * 60_000, maxInRow: 50 };

export interface ReadRetry {
  action: "wait";
  untilMs: number;
  why: "source-unreachable";
}

export function readRetryDelayMs(failuresInRow: number): number {
  return Math.min(READ_RETRY.maxMs, READ_RETRY.firstMs * 2 ** failuresInRow);
}

/** `read()`, or when it fails transiently, when to try again; `failuresInRow` counts the reads that failed just before. */
export async function readOrRetryLater<T>(services: Pick<Services, "clock">, input: ReminderInput, failuresInRow: number, read: () => Promise<T>): Promise<T | ReadRetry> {
  try {
    return await read();
  } catch (err) {
    if (!isTransientReadError(err) || failuresInRow >= READ_RETRY.maxInRow) throw err;
    const waitMs = readRetryDelayMs(failuresInRow);
    log.warn("reminder.source_unreachable", { appointmentRef: input.appointmentRef, planRef: input.planRef, errorKind: errorKind(err), failuresInRow: failuresInRow + 1, waitMs });
    return { action: "wait", untilMs: services.clock.now().getTime() + waitMs, why: "source-unreachable" };
  }
}
