import { conditionMiss } from "../src/automations/conditions.js";
import { waitBase, waitEnd } from "../src/automations/recipe-wait.js";
import type { Recipe, RecipeSimpleStep, RecipeStep } from "../src/automations/recipe.js";
import type { Step } from "../src/engine/port.js";
import { recordEvent } from "../src/events/record-event.js";
import { log } from "../src/log.js";
import type { Services } from "../src/runtime/services.js";
import { appendAudit } from "../src/store/audit-log.js";
import { recordRunFinished, recordRunStarted } from "../src/store/automation-runs.js";
import { changeWaitlist, emitEvent, writeBack } from "./automation-actions.js";
import { openInboxItem } from "./automation-inbox.js";
import type { AutomationRunInput } from "./automation-keys.js";
import { automationActor, sendRecipeText, type RecipeRunRefs } from "./automation-send.js";
import { readRecipeSubject, type RecipeSubject } from "./automation-subject.js";

/**
 * The steps of a recipe run, each an engine step whose journaled result is a short code, a ref or
 * an instant. `RunContext` is rebuilt on every replay from those results, so it agrees with the
 * first pass: how many texts went, the last message, the reply being acted on.
 */
export interface RunContext {
  services: Services;
  input: AutomationRunInput;
  refs: RecipeRunRefs;
  recipeName: string;
  triggerAtMs: number;
  sent: number;
  lastMessageId: string | null;
  reply: { inboundId: string; intent: string } | null;
}

export type Flow = "continue" | "stop" | "stood-down";

type Effect = Extract<RecipeSimpleStep, { kind: "write_back" | "emit" | "waitlist" | "inbox" }>;

async function standDown(ctx: RunContext, reason: string): Promise<null> {
  const { services, refs } = ctx;
  await appendAudit(services.store, { actor: automationActor(refs.recipeId), action: "automation.stood_down", subjectRef: refs.subjectRef, decision: "skip", reasons: [reason], details: { runKey: refs.runKey }, at: services.clock.now() });
  log.info("automation.stood_down", { runKey: refs.runKey, reason });
  return null;
}

/** Re-reads the subject from its source of truth and acts on it, or stands down (null) when the trigger no longer holds. */
export async function withSubject<T>(ctx: RunContext, act: (subject: RecipeSubject) => Promise<T>): Promise<T | null> {
  const read = await readRecipeSubject(ctx.services, ctx.input.trigger, ctx.input.subjectRef, ctx.input.anchor);
  return read.ok ? act(read.subject) : standDown(ctx, read.standDown);
}

/** Records the run, then checks the subject and the conditions (PHI stays in this step; only a code leaves it). */
export async function beginRun(services: Services, step: Step, input: AutomationRunInput, runKey: string, recipe: Recipe | null): Promise<RunContext | { outcome: string }> {
  const refs = { runKey, recipeId: input.recipeId, subjectRef: input.subjectRef };
  const begun = await step.run("begin", async () => {
    const at = services.clock.now();
    await recordRunStarted(services.store, { ...refs, version: input.version, at });
    if (!recipe) return { atMs: at.getTime(), miss: "recipe-version-missing" };
    const ctx: RunContext = { services, input, refs, recipeName: recipe.name, triggerAtMs: at.getTime(), sent: 0, lastMessageId: null, reply: null };
    const checked = await withSubject(ctx, async (subject) => ({ miss: await conditionMiss(services, recipe.conditions, { patientRef: subject.patientRef, ...(subject.appointment ? { appointment: subject.appointment } : {}), locationId: subject.location.id, language: subject.contact?.language ?? null }, at) }));
    if (!checked) return { atMs: at.getTime(), miss: "stood-down" };
    if (checked.miss) await appendAudit(services.store, { actor: automationActor(input.recipeId), action: "automation.conditions_unmet", subjectRef: input.subjectRef, decision: "skip", reasons: [checked.miss], details: { runKey }, at });
    return { atMs: at.getTime(), miss: checked.miss };
  });
  if (!recipe) return { outcome: "failed" };
  if (begun.miss === "stood-down") return { outcome: "stood-down" };
  if (begun.miss) return { outcome: "skipped" };
  const reply = input.replyRef && input.trigger === "reply.received" ? { inboundId: input.replyRef, intent: recipe.trigger.on === "reply.received" ? recipe.trigger.intent : "unknown" } : null;
  return { services, input, refs, recipeName: recipe.name, triggerAtMs: begun.atMs, sent: 0, lastMessageId: null, reply };
}

/** The instant a wait step ends, from the trigger or the appointment as it is now; null to stand down. */
export async function waitUntilMs(ctx: RunContext, wait: Extract<RecipeStep, { kind: "wait" }>): Promise<number | null> {
  return withSubject(ctx, async ({ appointment, location }) => waitEnd(wait, waitBase(wait, new Date(ctx.triggerAtMs), appointment), location.timeZone).getTime());
}

export async function sendStep(ctx: RunContext, step: Step, send: Extract<RecipeStep, { kind: "send" }>): Promise<Flow> {
  for (let attempt = 0; ; attempt++) {
    const outcome = await step.run(`send:${send.id}:${attempt}`, async () => (await withSubject(ctx, (subject) => sendRecipeText(ctx.services, ctx.refs, send, subject, ctx.reply !== null))) ?? { action: "stand-down" as const });
    if (outcome.action === "stand-down") return "stood-down";
    if (outcome.action === "wait") {
      await step.sleepUntil(`defer:${send.id}:${attempt}`, new Date(outcome.untilMs));
      continue;
    }
    if (outcome.action === "sent") {
      ctx.sent += 1;
      ctx.lastMessageId = outcome.messageId;
    }
    return "continue";
  }
}

function applyEffect(ctx: RunContext, effect: Effect, subject: RecipeSubject): Promise<string> {
  const { services, refs } = ctx;
  switch (effect.kind) {
    case "write_back":
      return writeBack(services, refs, effect, subject, ctx.lastMessageId);
    case "emit":
      return emitEvent(services, refs, effect, subject);
    case "waitlist":
      return changeWaitlist(services, refs, effect, subject);
    case "inbox":
      return openInboxItem(services, { ...refs, recipeName: ctx.recipeName }, effect, subject, ctx.reply);
  }
}

export async function effectStep(ctx: RunContext, step: Step, effect: Effect): Promise<Flow> {
  const done = await step.run(`${effect.kind}:${effect.id}`, async () => (await withSubject(ctx, (subject) => applyEffect(ctx, effect, subject))) ?? "stood-down");
  return done === "stood-down" ? "stood-down" : "continue";
}

/** Records how the run ended and tells REST hooks (`automation.run_finished`). */
export async function endRun(services: Services, step: Step, input: AutomationRunInput, runKey: string, outcome: string, sent: number): Promise<{ outcome: string; sent: number }> {
  await step.run("end", async () => {
    const at = services.clock.now();
    await recordRunFinished(services.store, runKey, outcome, at);
    await recordEvent(services.store, { id: `evt-finished-${runKey}`, type: "automation.run_finished", refs: { runKey, recipeId: input.recipeId }, data: { version: input.version, outcome }, occurredAt: at });
  });
  return { outcome, sent };
}
