import { classifyReply, type PromptExpectation, type ReplyClassification } from "../../policy/classify-reply.js";
import { keywords } from "../../policy/reply-keywords.js";
import type { Prompt } from "../../store/prompts.js";

/**
 * Where a reply goes, decided from its text and the prompts open on that phone and sender.
 * Pure: the caller acts on the decision.
 *
 * - opt_out, wrong_number, opt_in and help do not depend on the prompt, and win over everything.
 * - With nothing open, a bare Y, SÍ or 👍 is an acknowledgement (recorded, answered with nothing).
 * - A reply one open prompt can take goes to that prompt.
 * - A reply two or more open prompts could take is never guessed at (a family phone with two
 *   appointments, "Yes"): it is "ambiguous" and a human sorts it out. A prompt that cannot
 *   take the reply does not make it ambiguous ("reschedule" with a reminder and a waitlist offer
 *   open can only answer the reminder).
 * - A yes with a reminder and a waitlist offer open takes the offer: C confirms reminders, so a
 *   bare C goes to the reminder, and any other yes ("YES", "ok", 👍) to the offer.
 * - A yes that several open offers could take (two family members on one phone, each offered a
 *   slot) is a "choose": the patient is asked which, by number (act-choose.ts).
 */
export type AnswerIntent = "confirm" | "decline" | "reschedule" | "accept";

export type RouteDecision =
  | { kind: "opt_out"; mentionsCancel: boolean; language?: "en" | "es" }
  | { kind: "wrong_number"; language?: "en" | "es" }
  | { kind: "acknowledgement"; language?: "en" | "es" }
  | { kind: "opt_in"; language?: "en" | "es" }
  | { kind: "help"; language?: "en" | "es" }
  | { kind: "matched"; prompt: Prompt; intent: AnswerIntent; language?: "en" | "es" }
  | { kind: "ambiguous"; prompts: Prompt[]; language?: "en" | "es" }
  | { kind: "choose"; prompts: Prompt[]; language?: "en" | "es" }
  | { kind: "unknown"; language?: "en" | "es" };

const EXPECTATIONS: ReadonlySet<string> = new Set<PromptExpectation>(["confirm", "reschedule", "decline", "accept"]);

function expectationsOf(prompt: Prompt): PromptExpectation[] {
  return prompt.expecting.filter((e): e is PromptExpectation => EXPECTATIONS.has(e));
}

function isAnswer(intent: ReplyClassification["intent"]): intent is AnswerIntent {
  return intent === "confirm" || intent === "decline" || intent === "reschedule" || intent === "accept";
}

function withLanguage<T extends object>(decision: T, c: ReplyClassification): T & { language?: "en" | "es" } {
  return c.language ? { ...decision, language: c.language } : decision;
}

/** CANCEL (or CANCELAR) in the reply: the opt-out confirmation then says how to cancel by phone. */
export function mentionsCancel(c: ReplyClassification): boolean {
  return c.normalized.split(" ").some((word) => keywords.cancelWords.has(word));
}

function nothingOpen(intent: ReplyClassification["intent"]): "opt_in" | "acknowledgement" | "unknown" {
  return intent === "opt_in" || intent === "acknowledgement" ? intent : "unknown";
}

export function decideRoute(body: string, prompts: readonly Prompt[]): RouteDecision {
  // Nothing open: only keywords (and a bare YES, which carriers read as opt-in) mean anything.
  const general = classifyReply(body, { expecting: [] });
  if (general.intent === "opt_out") return withLanguage({ kind: "opt_out", mentionsCancel: mentionsCancel(general) }, general);
  if (general.intent === "wrong_number") return withLanguage({ kind: "wrong_number" }, general);
  if (general.intent === "help") return withLanguage({ kind: "help" }, general);
  if (prompts.length === 0) return withLanguage({ kind: nothingOpen(general.intent) }, general);

  const takers: Array<{ prompt: Prompt; intent: AnswerIntent }> = [];
  for (const prompt of prompts) {
    const expecting = expectationsOf(prompt);
    if (expecting.length === 0) continue;
    const c = classifyReply(body, { expecting });
    // START and friends are opt-in whatever is open; a bare YES with a prompt open answers it.
    if (c.intent === "opt_in") return withLanguage({ kind: "opt_in" }, general);
    if (isAnswer(c.intent)) takers.push({ prompt, intent: c.intent });
  }
  const preferred = preferOffersOrReminders(takers, general.normalized);
  const [only, ...others] = preferred;
  if (!only) return withLanguage({ kind: "unknown" }, general);
  if (others.length > 0 && preferred.every((t) => t.intent === "accept")) return withLanguage({ kind: "choose", prompts: preferred.map((t) => t.prompt) }, general);
  if (others.length > 0) return withLanguage({ kind: "ambiguous", prompts: preferred.map((t) => t.prompt) }, general);
  return withLanguage({ kind: "matched", prompt: only.prompt, intent: only.intent }, general);
}

/** A yes that could confirm a reminder or take an offer: C means the reminder, anything else the offer. */
function preferOffersOrReminders(takers: Array<{ prompt: Prompt; intent: AnswerIntent }>, normalized: string): Array<{ prompt: Prompt; intent: AnswerIntent }> {
  const accepts = takers.filter((t) => t.intent === "accept");
  const confirms = takers.filter((t) => t.intent === "confirm");
  if (accepts.length === 0 || confirms.length === 0 || accepts.length + confirms.length !== takers.length) return takers;
  return normalized === "c" ? confirms : accepts;
}
