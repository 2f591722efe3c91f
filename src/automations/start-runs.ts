import { errorKind, log } from "../log.js";
import type { Services } from "../runtime/services.js";
import type { AutomationRunWorkflow, TriggerEvent } from "../../workflows/automation-triggers.js";

type Loaded = [typeof import("../../workflows/index.js"), typeof import("../../workflows/automation-triggers.js")];

/**
 * The workflow modules, loaded on first use (they are built over these same services, and import
 * this file's callers). Loaded once: under tsx each `import()` asks the loader thread to resolve
 * the path again, which was a fifteenth of the inbound webhook's CPU when done per reply.
 */
let loading: Promise<Loaded> | undefined;
const loadWorkflows = (): Promise<Loaded> => (loading ??= Promise.all([import("../../workflows/index.js"), import("../../workflows/automation-triggers.js")]));

/** The automation-run workflow built over each services object, once. */
const builtFor = new WeakMap<Services, AutomationRunWorkflow>();

function automationRunFor(services: Services, [{ buildWorkflows }]: Loaded): AutomationRunWorkflow {
  let built = builtFor.get(services);
  if (!built) {
    built = buildWorkflows(() => services, { syncIntervalMinutes: services.config.sync.intervalMinutes }).automationRun;
    builtFor.set(services, built);
  }
  return built;
}

/**
 * Starts the recipe runs a trigger outside the workflows fires: a reply read by the inbound
 * router, a consent recorded or revoked, a patient put on the waitlist by staff or the API.
 */
export async function startRecipeRunsOrThrow(services: Services, event: TriggerEvent): Promise<number> {
  try {
    const loaded = await loadWorkflows();
    return await loaded[1].startRecipeRuns(services, automationRunFor(services, loaded), event);
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
