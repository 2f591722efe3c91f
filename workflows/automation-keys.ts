import { z } from "zod";
import { RECIPE_TRIGGER_KINDS } from "../src/automations/recipe.js";
import { ref } from "../src/engine/port.js";
import type { Services } from "../src/runtime/services.js";

/**
 * The recipe run's input (references only: which recipe version, about what, started by which
 * trigger) and the keys derived from it. The run key is the engine's start key, so one trigger
 * event starts one run per recipe version; every effect key hangs off it and the step id.
 */
export const automationRunInput = z.object({
  recipeId: ref(),
  version: z.number().int().positive(),
  /** The appointment, balance or waitlist entry; the patient for replies, consents and schedules. */
  subjectRef: ref(),
  trigger: z.enum(RECIPE_TRIGGER_KINDS),
  /** A booking's start, as a keyed hash: the run stands down once the booking moves. */
  anchor: ref().optional(),
  /** The reply that started the run (reply.received), for the staff inbox. */
  replyRef: ref().optional(),
  /**
   * Which occurrence of the trigger, as epoch ms: when a schedule fired or a consent changed, or, for
   * a move, when sync recorded the state the booking moved from. One run per subject per occurrence.
   */
  occurrence: z.number().int().nonnegative().optional(),
});
export type AutomationRunInput = z.infer<typeof automationRunInput>;

/**
 * `automation:<recipe>:v<version>:<hash>`: the hash (keyed, like every key made from a subject)
 * covers the trigger and subject, so the key is short, opaque enough for an event ref, and the
 * same for the same trigger event.
 */
export function automationRunKey(services: Pick<Services, "crypto">, input: AutomationRunInput): string {
  const material = JSON.stringify([input.trigger, input.subjectRef, input.anchor ?? null, input.replyRef ?? null, input.occurrence ?? null]);
  return `automation:${input.recipeId}:v${input.version}:${services.crypto.index.hmac("automation-run", material).slice(0, 22)}`;
}

/** The signal (and open prompt) a wait-for-reply step listens on. */
export function automationSignalKey(runKey: string, stepId: string): string {
  return `${runKey}:reply:${stepId}`;
}

/** One effect per run and step (and attempt, for a send deferred and tried again). */
export function automationEffectKey(runKey: string, stepId: string): string {
  return `${runKey}:${stepId}`;
}
