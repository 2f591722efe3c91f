import type { AppointmentRecord, AppointmentStatus } from "../connectors/records.js";
import type { RecipeTriggerKind, StoredRecipe } from "../src/automations/recipe.js";
import type { WorkflowDefinition } from "../src/engine/port.js";
import { log } from "../src/log.js";
import type { Services } from "../src/runtime/services.js";
import { activeRecipes } from "../src/store/automation-recipes.js";
import { recentRead, type RecentRead } from "./recent-read.js";
import type { SeenRecord } from "../src/store/sync-seen.js";
import { automationRunKey, type AutomationRunInput } from "./automation-keys.js";
import { appointmentAnchor } from "./automation-subject.js";
import { stayBegun } from "./reminder-stay.js";
import type { AppointmentChange } from "./sync-diff.js";

/**
 * Starts a run of every active recipe a trigger event fires, each on the recipe's newest version,
 * keyed by the event so a repeated sync (or a retried webhook) starts nothing twice. A reply
 * trigger names the intent its recipes listen for.
 */
export type AutomationRunWorkflow = WorkflowDefinition<AutomationRunInput>;

export interface TriggerEvent {
  kind: RecipeTriggerKind;
  subjectRef: string;
  anchor?: string;
  replyRef?: string;
  occurrence?: number;
  /** reply.received: only recipes listening for this intent start. */
  intent?: string;
}

export interface StartOptions {
  /** Start just these recipes (a schedule starts the recipes whose cron fired). */
  only?: ReadonlySet<string>;
  /**
   * The active recipes as read once for all the events of one sync page (see recent-read.ts): a
   * recipe switched on mid-page starts from the next page on. Read afresh when absent.
   */
  recipes?: ActiveRecipesRead;
}

export type ActiveRecipesRead = Pick<RecentRead<StoredRecipe[]>, "read">;

/** The active recipes, read once for the events handled together in one sync page. */
export function activeRecipesOnce(services: Pick<Services, "store">): ActiveRecipesRead {
  return recentRead(() => activeRecipes(services.store));
}

export async function startRecipeRuns(services: Services, automationRun: AutomationRunWorkflow, event: TriggerEvent, opts: StartOptions = {}): Promise<number> {
  const { only } = opts;
  const active = opts.recipes ? await opts.recipes.read() : await activeRecipes(services.store);
  let started = 0;
  for (const stored of active) {
    if (stored.recipe.trigger.on !== event.kind) continue;
    if (only && !only.has(stored.id)) continue;
    const { trigger } = stored.recipe;
    if (trigger.on === "reply.received" && trigger.intent !== event.intent) continue;
    const input: AutomationRunInput = {
      recipeId: stored.id,
      version: stored.version,
      subjectRef: event.subjectRef,
      trigger: event.kind,
      ...(event.anchor ? { anchor: event.anchor } : {}),
      ...(event.replyRef ? { replyRef: event.replyRef } : {}),
      ...(event.occurrence !== undefined ? { occurrence: event.occurrence } : {}),
    };
    if ((await services.engine.start(automationRun, input, { key: automationRunKey(services, input) })).started) started += 1;
  }
  if (started > 0) log.info("automation.runs_started", { trigger: event.kind, subjectRef: event.subjectRef, started });
  return started;
}

/**
 * The appointment triggers a change seen by sync fires (FHIR, Acuity and HL7 all arrive here).
 * `previous` is what sync last recorded of the appointment. A move is keyed by when that record was
 * written as well as by the new start: a booking moved A to B, back to A and to B again moves twice
 * to B, each from a different record, while the same move seen again (a sync retried before it
 * recorded the new state) finds the same record and starts nothing twice.
 */
export function appointmentTriggers(services: Pick<Services, "crypto">, record: AppointmentRecord, change: AppointmentChange, previous: Pick<SeenRecord, "status" | "lastSeenAt"> | null, now: Date): TriggerEvent[] {
  const subjectRef = record.ref;
  const events: TriggerEvent[] = [];
  // The stay this change begins, as sync records it for the reminder plan (reminder-stay.ts).
  const anchor = appointmentAnchor(services, record.ref, record.start, stayBegun(previous, change)?.occurrence);
  const upcoming = record.start.getTime() > now.getTime();
  const previousStatus = previous?.status as AppointmentStatus | undefined;
  if (record.status === "booked" && change === "new" && upcoming) events.push({ kind: "appointment.booked", subjectRef, anchor });
  if (record.status === "booked" && change === "moved" && previous?.status === "booked" && upcoming) {
    events.push({ kind: "appointment.moved", subjectRef, anchor, occurrence: previous.lastSeenAt.getTime() });
  }
  // A booking entered in error was never the patient's: no cancellation recipe writes to them about it.
  if (change === "cancelled" && !record.enteredInError) events.push({ kind: "appointment.cancelled", subjectRef });
  // Only a change seen happen: a first sync finds past visits and no-shows it must not follow up on.
  if (record.status === "noshow" && previousStatus !== undefined && previousStatus !== "noshow") events.push({ kind: "appointment.no_show", subjectRef });
  if (record.status === "fulfilled" && previousStatus !== undefined && previousStatus !== "fulfilled") events.push({ kind: "appointment.fulfilled", subjectRef });
  return events;
}
