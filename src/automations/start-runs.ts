import { errorKind, log } from "../log.js";
import type { Services } from "../runtime/services.js";
import type { TriggerEvent } from "../../workflows/automation-triggers.js";

/**
 * Starts the recipe runs a trigger outside the workflows fires: a reply read by the inbound
 * router, a consent recorded or revoked, a patient put on the waitlist by staff or the API. The
 * workflow definitions are loaded lazily (they are built over these same services).
 */
export async function startRecipeRunsOrThrow(services: Services, event: TriggerEvent): Promise<number> {
  try {
    const [{ buildWorkflows }, { startRecipeRuns }] = await Promise.all([import("../../workflows/index.js"), import("../../workflows/automation-triggers.js")]);
    const { automationRun } = buildWorkflows(() => services, { syncIntervalMinutes: services.config.sync.intervalMinutes });
    return await startRecipeRuns(services, automationRun, event);
  } catch (err) {
    log.error("automation.trigger_failed", { trigger: event.kind, subjectRef: event.subjectRef, errorKind: errorKind(err) });
    throw err;
  }
}

/**
 * The same, for a caller that cannot try again: a trigger that cannot start its runs is logged and
 * never undoes what fired it (the consent is still recorded, the waitlist entry still made).
 */
export async function startRecipeRunsFor(services: Services, event: TriggerEvent): Promise<number> {
  return startRecipeRunsOrThrow(services, event).catch(() => 0);
}

/** A consent was recorded or revoked for this patient: each change is its own run, keyed by when. */
export function consentChangeEvent(patientRef: string, at: Date): TriggerEvent {
  return { kind: "consent.changed", subjectRef: patientRef, occurrence: at.getTime() };
}

/** Starts the consent runs of a change made by staff, the API or the carrier (a failure is logged). */
export function consentChanged(services: Services, patientRef: string, at: Date): Promise<number> {
  return startRecipeRunsFor(services, consentChangeEvent(patientRef, at));
}
