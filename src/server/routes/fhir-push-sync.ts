import type { StartOptions } from "../../engine/port.js";
import type { Services } from "../../runtime/services.js";
import { startSyncRun, type StartSyncRun } from "./start-sync-run.js";

/**
 * How an EHR push becomes sync runs. Notifications come in bursts (one per changed resource), so
 * they share one run per minute: the first in a minute starts `fhir-push:<minute>` at once. A later
 * one in the same minute may arrive after that run has already read the EHR, so it also books the
 * minute's follow-up run (`fhir-push:<minute>:after`, due when the minute ends), shared by every
 * late notification of that minute. No change waits for the polling sync, and a burst costs at most
 * two runs.
 */
export const PUSH_WINDOW_MS = 60_000;

export interface PushSyncPlan {
  now: StartOptions;
  followUp: StartOptions & { at: Date };
}

export function pushSyncPlan(at: Date): PushSyncPlan {
  const window = Math.floor(at.getTime() / PUSH_WINDOW_MS);
  const minute = new Date(window * PUSH_WINDOW_MS).toISOString().slice(0, 16);
  return {
    now: { key: `fhir-push:${minute}` },
    followUp: { key: `fhir-push:${minute}:after`, at: new Date((window + 1) * PUSH_WINDOW_MS) },
  };
}

export interface PushSyncResult {
  runId: string;
  /** False when this minute's run (and, for a late notification, its follow-up) already existed. */
  started: boolean;
  followUp: boolean;
}

/** Starts (or joins) this minute's sync run, and books the follow-up when that run already existed. */
export async function startPushSync(services: Services, start: StartSyncRun = startSyncRun): Promise<PushSyncResult> {
  const plan = pushSyncPlan(services.clock.now());
  const first = await start(services, plan.now);
  if (first.started) return { runId: first.runId, started: true, followUp: false };
  const later = await start(services, plan.followUp);
  return { runId: later.runId, started: later.started, followUp: true };
}
