import { scopeForPurpose } from "../src/automations/recipe-scope.js";
import { renderRecipeText, type SendStep } from "../src/automations/recipe-template.js";
import { senderFor } from "../src/locations/resolve-location.js";
import { recordSentCommunication } from "../src/messaging/record-sent-communication.js";
import { decideAndSend } from "../src/messaging/send-outreach.js";
import type { Services } from "../src/runtime/services.js";
import { recordRunSend } from "../src/store/automation-runs.js";
import { openPrompt } from "../src/store/prompts.js";
import type { RecipeSubject } from "./automation-subject.js";
import { automationEffectKey } from "./automation-keys.js";

/**
 * A recipe's text, through the same path as every built-in workflow's: decideAndSend (consent,
 * quiet hours, caps, PHI level, opt-out, wrong number), the render at the level the consent
 * allows, one send per effect key, the audit and the `message.sent` event, then the Communication
 * when the practice records them. What it returns is journaled: refs, reason codes and instants.
 */
export type RecipeSendOutcome =
  | { action: "sent"; messageId: string }
  | { action: "wait"; untilMs: number }
  | { action: "skipped"; reasons: string[] };

export interface RecipeRunRefs {
  runKey: string;
  recipeId: string;
  subjectRef: string;
}

export const automationActor = (recipeId: string): string => `automation:${recipeId}`;

/** `answering`: the step runs in a reply's branch, so the text answers the patient (no frequency cap, as for any answer). */
export async function sendRecipeText(services: Services, run: RecipeRunRefs, step: SendStep, subject: RecipeSubject, answering = false): Promise<RecipeSendOutcome> {
  const values = { patient: subject.firstName ? { firstName: subject.firstName } : {}, ...(subject.appointment ? { appointment: { start: subject.appointment.start } } : {}) };
  const result = await decideAndSend(services, {
    req: { patientRef: subject.patientRef, scope: scopeForPurpose(step.purpose), effectKey: automationEffectKey(run.runKey, step.id), actor: automationActor(run.recipeId), subjectRef: run.subjectRef, location: subject.location },
    purpose: step.purpose,
    kind: answering ? "answer" : "outreach",
    render: (phiLevel, language) => renderRecipeText(services.config, step, { recipeId: run.recipeId, phiLevel, language, values, location: subject.location }),
  });
  switch (result.outcome) {
    case "sent":
      await recordRunSend(services.store, run.runKey);
      await recordSentCommunication(services, { messageId: result.messageId, patientRef: subject.patientRef, subjectRef: run.subjectRef });
      return { action: "sent", messageId: result.messageId };
    case "deferred":
      return { action: "wait", untilMs: result.until.getTime() };
    case "denied":
    case "failed":
      return { action: "skipped", reasons: result.reasons };
  }
}

/** Intents a prompt can be answered with (the router routes only these to a waiting run). */
const ANSWERS: ReadonlySet<string> = new Set(["confirm", "reschedule", "decline", "accept"]);

/**
 * Opens the question the run waits on, on the phone the text went to and from its sender, so the
 * inbound router signals this run with the patient's answer (as it does a reminder's). False when
 * there is nothing to answer: no text went out, or no branch takes an answer the router routes.
 */
export async function openRecipePrompt(services: Services, run: RecipeRunRefs, subject: RecipeSubject, expecting: readonly string[], signalKey: string, until: Date): Promise<boolean> {
  const answers = expecting.filter((intent) => ANSWERS.has(intent));
  const phoneIdx = subject.contact?.phoneIdx;
  if (answers.length === 0 || !phoneIdx) return false;
  await openPrompt(services.store, { phoneIdx, sender: senderFor(services, subject.location), patientRef: subject.patientRef, kind: "automation", subjectRef: run.subjectRef, expecting: answers, signalKey, expiresAt: until }, services.clock.now());
  return true;
}
