import type { RecipeSimpleStep, RecipeStep } from "../src/automations/recipe.js";
import { parseDuration } from "../src/config/duration.js";
import { defineWorkflow, type Step } from "../src/engine/port.js";
import { log } from "../src/log.js";
import type { Services } from "../src/runtime/services.js";
import { getRecipeVersion } from "../src/store/automation-recipes.js";
import { recordRunReply } from "../src/store/automation-runs.js";
import { closePrompt } from "../src/store/prompts.js";
import { automationRunInput, automationRunKey, automationSignalKey, type AutomationRunInput } from "./automation-keys.js";
import { openRecipePrompt } from "./automation-send.js";
import { beginRun, effectStep, endRun, sendStep, waitUntilMs, withSubject, type Flow, type RunContext } from "./automation-steps.js";
import type { GetServices } from "./services-getter.js";

/**
 * The one workflow for every automation recipe. It reads the version it was started with (an edit
 * makes a new version, which only new runs use), checks the conditions inside a step, then walks
 * the steps: waits, sends through the shared send path, waits for the reply with a branch per
 * intent and a timeout branch, writes, emits, changes the waitlist, opens inbox items. Before each
 * send or write it re-reads the subject from its source of truth, and stands down if the trigger
 * no longer holds. Every effect is a named step keyed by the run and the step id, so a replay or a
 * retry never repeats one.
 */
async function walk(ctx: RunContext, step: Step, steps: readonly (RecipeStep | RecipeSimpleStep)[]): Promise<Flow> {
  for (const recipeStep of steps) {
    const flow = await runStep(ctx, step, recipeStep);
    if (flow !== "continue") return flow;
  }
  return "continue";
}

async function runStep(ctx: RunContext, step: Step, recipeStep: RecipeStep | RecipeSimpleStep): Promise<Flow> {
  switch (recipeStep.kind) {
    case "stop":
      return "stop";
    case "wait": {
      const untilMs = await step.run(`wait:${recipeStep.id}`, () => waitUntilMs(ctx, recipeStep));
      if (untilMs === null) return "stood-down";
      await step.sleepUntil(`sleep:${recipeStep.id}`, new Date(untilMs));
      return "continue";
    }
    case "send":
      return sendStep(ctx, step, recipeStep);
    case "wait_for_reply":
      return waitForReply(ctx, step, recipeStep);
    default:
      return effectStep(ctx, step, recipeStep);
  }
}

async function waitForReply(ctx: RunContext, step: Step, recipeStep: Extract<RecipeStep, { kind: "wait_for_reply" }>): Promise<Flow> {
  const signalKey = automationSignalKey(ctx.refs.runKey, recipeStep.id);
  const asked = await step.run(`ask:${recipeStep.id}`, async () => {
    const untilMs = ctx.services.clock.now().getTime() + (parseDuration(recipeStep.within) ?? 0);
    if (ctx.lastMessageId === null) return { opened: false, untilMs };
    const expecting = recipeStep.branches.map((b) => b.intent);
    const opened = await withSubject(ctx, (subject) => openRecipePrompt(ctx.services, ctx.refs, subject, expecting, signalKey, new Date(untilMs)));
    return { opened: opened === true, untilMs, stoodDown: opened === null };
  });
  if ("stoodDown" in asked && asked.stoodDown) return "stood-down";
  const answer = asked.opened ? await step.waitForSignal<{ intent?: unknown; inboundId?: unknown }>(`reply:${recipeStep.id}`, { key: signalKey, until: new Date(asked.untilMs) }) : null;
  const intent = typeof answer?.intent === "string" ? answer.intent : null;
  await step.run(`replied:${recipeStep.id}`, async () => {
    await closePrompt(ctx.services.store, signalKey, ctx.services.clock.now());
    if (intent) await recordRunReply(ctx.services.store, ctx.refs.runKey, intent);
  });
  if (intent === null) return walk(ctx, step, recipeStep.timeout);
  const branch = recipeStep.branches.find((b) => b.intent === intent);
  // An opt-out, a wrong number, or an answer no branch takes: the conversation is over for this run.
  if (!branch) return "stop";
  ctx.reply = typeof answer?.inboundId === "string" ? { inboundId: answer.inboundId, intent } : null;
  return walk(ctx, step, branch.steps);
}

export function createAutomationRun(getServices: GetServices) {
  return defineWorkflow({
    id: "automation-run",
    input: automationRunInput,
    async run(input: AutomationRunInput, step) {
      const services: Services = await getServices();
      const runKey = automationRunKey(services, input);
      // Versions never change once saved, so reading it again on a replay reads the same recipe.
      const recipe = await getRecipeVersion(services.store, input.recipeId, input.version);
      const begun = await beginRun(services, step, input, runKey, recipe);
      if ("outcome" in begun) return endRun(services, step, input, runKey, begun.outcome, 0);
      const ctx = begun;
      const flow = await walk(ctx, step, recipe?.steps ?? []);
      const outcome = flow === "continue" ? "completed" : flow === "stop" ? "stopped" : "stood-down";
      log.info("automation.run_done", { runKey, recipeId: input.recipeId, version: input.version, outcome, sent: ctx.sent });
      return endRun(services, step, input, runKey, outcome, ctx.sent);
    },
  });
}
