import { parseDuration } from "../config/duration.js";
import { decideOutreach } from "../messaging/send-outreach.js";
import { lookupPhoneRegion } from "../policy/phone-region.js";
import type { Services } from "../runtime/services.js";
import { conditionMiss } from "./conditions.js";
import type { Recipe, RecipeSimpleStep, RecipeStep } from "./recipe.js";
import { scopeForPurpose } from "./recipe-scope.js";
import { recipeLanguage, renderRecipeText, type SendStep } from "./recipe-template.js";
import { simulatedSubjects, type SimulatedSubject } from "./simulate-subjects.js";
import { waitBase, waitEnd } from "./recipe-wait.js";
import { conditionWords, deferredWords, maskedWho, sendWords, skippedWords } from "./simulate-words.js";

/**
 * The dry run: what a recipe would do over the next `days` of the real schedule, without sending
 * or writing anything. Each send step of each run it would start becomes a row: who (masked), the
 * template language, when, and whether it would go, wait (quiet hours, caps) or be skipped
 * (consent, PHI level, conditions), decided by the same policy code a real send goes through.
 * A wait for a reply is taken to time out (no one can foresee the answer), so its timeout steps run.
 */
export interface SimulationRow {
  who: string;
  stepId: string;
  variant: string;
  at: Date;
  outcome: "would-send" | "deferred" | "skipped";
  reason: string;
  /** The reason without its time, to count rows that wait or skip for the same cause ("" when it would send). */
  cause: string;
}

const skipped = (reason: string) => ({ reason, cause: reason });

export const MAX_SIMULATION_DAYS = 90;

interface Walk {
  services: Services;
  recipeId: string;
  subject: SimulatedSubject;
  rows: SimulationRow[];
  planned: Array<{ at: Date; isReply: boolean }>;
  at: Date;
}

function waitUntil(walk: Walk, step: Extract<RecipeStep, { kind: "wait" }>): Date {
  const { appointment, triggerAt, location } = walk.subject;
  return new Date(Math.max(walk.at.getTime(), waitEnd(step, waitBase(step, triggerAt, appointment), location.timeZone).getTime()));
}

async function simulateSend(walk: Walk, step: SendStep): Promise<void> {
  const { services, subject } = walk;
  const { contact } = subject;
  const row = { who: maskedWho(contact?.phone, subject.patientRef), stepId: step.id, variant: recipeLanguage(step, contact?.language), at: walk.at };
  const decision = await decideOutreach(services, { patientRef: subject.patientRef, scope: scopeForPurpose(step.purpose), kind: "outreach" }, contact, { at: walk.at, planned: walk.planned });
  if (decision.action === "deny") {
    walk.rows.push({ ...row, outcome: "skipped", ...skipped(skippedWords(decision.reasons)) });
    return;
  }
  if (decision.action === "defer") {
    const region = contact?.phone ? await lookupPhoneRegion(contact.phone) : null;
    const recipient = { ...(contact?.timeZone ? { timeZone: contact.timeZone } : {}), ...(contact?.state ? { state: contact.state } : {}), ...(region ? { phoneRegion: region } : {}) };
    walk.rows.push({ ...row, outcome: "deferred", ...deferredWords(decision.reasons, walk.at, decision.until, recipient, services.config.practice.timeZone) });
    walk.at = decision.until;
    walk.planned.push({ at: decision.until, isReply: false });
    return;
  }
  // A stand-in first name: the dry run checks what the consent lets the text say; the body is discarded.
  const values = { patient: { firstName: "Alex" }, ...(subject.appointment ? { appointment: { start: subject.appointment.start } } : {}) };
  const rendered = renderRecipeText(services.config, step, { recipeId: walk.recipeId, phiLevel: decision.phiLevel, language: contact?.language ?? null, values, location: subject.location });
  if (!rendered.ok) {
    walk.rows.push({ ...row, outcome: "skipped", ...skipped(skippedWords(rendered.reasons)) });
    return;
  }
  walk.rows.push({ ...row, outcome: "would-send", reason: sendWords(walk.at, subject.location.timeZone), cause: "" });
  walk.planned.push({ at: walk.at, isReply: false });
}

/** Walks the steps in order; false once a stop step ends the run. */
async function walkSteps(walk: Walk, steps: readonly (RecipeStep | RecipeSimpleStep)[]): Promise<boolean> {
  for (const step of steps) {
    if (step.kind === "stop") return false;
    if (step.kind === "wait") walk.at = waitUntil(walk, step);
    if (step.kind === "send") await simulateSend(walk, step);
    if (step.kind === "wait_for_reply") {
      walk.at = new Date(walk.at.getTime() + (parseDuration(step.within) ?? 0));
      if (!(await walkSteps(walk, step.timeout))) return false;
    }
  }
  return true;
}

function firstSendId(steps: readonly RecipeStep[]): string {
  return steps.find((s) => s.kind === "send")?.id ?? steps[0]?.id ?? "conditions";
}

export async function simulateRecipe(services: Services, recipe: Recipe, opts: { days: number }): Promise<SimulationRow[]> {
  if (!Number.isInteger(opts.days) || opts.days < 1 || opts.days > MAX_SIMULATION_DAYS) throw new RangeError(`A dry run covers 1 to ${MAX_SIMULATION_DAYS} whole days (got ${opts.days}).`);
  const rows: SimulationRow[] = [];
  for (const subject of await simulatedSubjects(services, recipe, opts.days)) {
    const miss = await conditionMiss(services, recipe.conditions, { patientRef: subject.patientRef, ...(subject.appointment ? { appointment: subject.appointment } : {}), locationId: subject.location.id, language: subject.contact?.language ?? null }, subject.triggerAt);
    if (miss) {
      rows.push({ who: maskedWho(subject.contact?.phone, subject.patientRef), stepId: firstSendId(recipe.steps), variant: "-", at: subject.triggerAt, outcome: "skipped", ...skipped(conditionWords(miss)) });
      continue;
    }
    await walkSteps({ services, recipeId: "dry-run", subject, rows, planned: [], at: subject.triggerAt }, recipe.steps);
  }
  return rows.sort((a, b) => a.at.getTime() - b.at.getTime());
}
