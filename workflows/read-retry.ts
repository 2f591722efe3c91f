import type { Step } from "../src/engine/port.js";
import { errorKind, log } from "../src/log.js";
import type { Services } from "../src/runtime/services.js";
import { isTransientReadError } from "./source-reads.js";

/**
 * When a source cannot be reached (a timeout, a 5xx, throttling that outlasted the client's own
 * retries), a workflow neither fails nor takes the silence for an answer: it sleeps and calls
 * again, from a minute up to half an hour apart, for about a day; only then does the error stand
 * and the run fail where someone will see it. Engines count a run's failures over its whole life,
 * so leaving these to engine retries would fail a run after a handful of blips spread over days,
 * and a failed run is lost. Only calls that are safe to repeat go through here: reads, and writes
 * that re-read first or are conditional, so a second try never writes twice.
 */
export const READ_RETRY = { firstMs: 60_000, maxMs: 30 * 60_000, maxInRow: 50 };

export interface ReadRetry {
  action: "wait";
  untilMs: number;
  why: "source-unreachable";
}

/** What the log line names: the workflow and the refs it works on, never PHI. */
export type SourceLogRefs = { workflowId: string } & Record<string, string>;

export function readRetryDelayMs(failuresInRow: number): number {
  return Math.min(READ_RETRY.maxMs, READ_RETRY.firstMs * 2 ** failuresInRow);
}

export function isReadRetry(value: unknown): value is ReadRetry {
  return typeof value === "object" && value !== null && (value as { why?: unknown }).why === "source-unreachable" && (value as { action?: unknown }).action === "wait";
}

/** `read()`, or when it fails transiently, when to try again; `failuresInRow` counts the calls that failed just before. */
export async function readOrRetryLater<T>(services: Pick<Services, "clock">, logRefs: SourceLogRefs, failuresInRow: number, read: () => Promise<T>): Promise<T | ReadRetry> {
  try {
    return await read();
  } catch (err) {
    if (!isTransientReadError(err) || failuresInRow >= READ_RETRY.maxInRow) throw err;
    const waitMs = readRetryDelayMs(failuresInRow);
    log.warn("workflow.source_unreachable", { ...logRefs, errorKind: errorKind(err), failuresInRow: failuresInRow + 1, waitMs });
    return { action: "wait", untilMs: services.clock.now().getTime() + waitMs, why: "source-unreachable" };
  }
}

/**
 * `call` as the step `name`; while its source is unreachable, sleeps (step `name:wait:n`) and
 * calls again as step `name:retry:n`. The first attempt keeps the plain name, so a run journaled
 * before a step could be retried replays as it was. Names depend only on journaled outcomes, so
 * replay takes the same path on either engine.
 */
export async function stepOrRetryLater<T>(step: Step, services: Pick<Services, "clock">, name: string, logRefs: SourceLogRefs, call: () => Promise<T>): Promise<T> {
  for (let failures = 0; ; failures++) {
    const outcome = await step.run(failures === 0 ? name : `${name}:retry:${failures}`, () => readOrRetryLater(services, logRefs, failures, call));
    if (!isReadRetry(outcome)) return outcome;
    await step.sleepUntil(`${name}:wait:${failures + 1}`, new Date(outcome.untilMs));
  }
}
