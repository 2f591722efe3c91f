/**
 * What a patient's SMS reply means, given what the open prompt asked.
 *
 * Order of precedence: opt_out (always honoured, beats everything, see
 * reply-opt-out.ts) > wrong_number > opt_in > help > the prompt's own intents.
 * wrong_number, opt_in and help are honoured whatever the prompt; confirm/accept,
 * decline and reschedule only when the open prompt expects them, else the reply is
 * `unknown` and goes to staff.
 *
 * Decisions worth knowing:
 * - `expecting` omitted = an appointment reminder: ["confirm", "reschedule", "decline"].
 * - An open waitlist offer (["accept"]) also takes a decline ("no thanks").
 * - Only explicit words opt back in: START, UNSTOP, a typed YES with nothing open
 *   (carriers treat YES as opt-in), their Spanish equivalents (ALTA, COMENZAR,
 *   REANUDAR…) and "start again"-style phrasings. A bare Y, YEAH, SÍ or 👍 with
 *   nothing open is an `acknowledgement` (typically a reaction to the unsubscribe
 *   confirmation): recorded, never a re-subscription. "C" or "sure" confirm nothing, so unknown.
 * - "wrong number", "número equivocado" and the like are `wrong_number`: whoever has
 *   the number is not the patient.
 * - Questions are unknown unless they ask to reschedule ("can we move it?");
 *   "what time is my appointment?" needs a person.
 * - A reply that both agrees and declines ("yes no"), hedges ("maybe",
 *   "not sure"), or says no reschedule is needed ("no need to reschedule"), is
 *   unknown rather than a guess.
 */
import { keywords } from "./reply-keywords.js";
import { coreWords, detectLanguage, normalizeReply } from "./reply-normalize.js";
import { isOptOut } from "./reply-opt-out.js";

export type ReplyIntent = "opt_out" | "wrong_number" | "opt_in" | "help" | "confirm" | "decline" | "reschedule" | "accept" | "acknowledgement" | "unknown";
export type PromptExpectation = "confirm" | "reschedule" | "decline" | "accept";

export interface ReplyClassification {
  intent: ReplyIntent;
  normalized: string;
  language?: "en" | "es";
}

export const REMINDER_PROMPT: readonly PromptExpectation[] = Object.freeze(["confirm", "reschedule", "decline"]);

type PromptSignal = "reschedule" | "decline" | "yes";

const matchesAny = (patterns: readonly RegExp[], text: string): boolean => patterns.some((p) => p.test(text));

/** Only keywords, pleasantries and words like "yes", "all", "now" ("START please"). */
function onlyKeywords(words: readonly string[], isKeyword: (word: string) => boolean): boolean {
  const rest = words.filter((word) => !keywords.keywordFiller.has(word));
  return rest.length > 0 && rest.every(isKeyword);
}

function promptSignal(core: readonly string[], text: string, asksQuestion: boolean): PromptSignal | null {
  const [first, ...others] = core;
  if (first === undefined || matchesAny(keywords.uncertain, text)) return null;
  if (others.length === 0 && keywords.reschedule.alone.has(first)) return "reschedule";
  if (core.some((word) => keywords.reschedule.anywhere.has(word)) || matchesAny(keywords.reschedule.phrases, text)) {
    return "reschedule";
  }
  const yesPhrase = matchesAny(keywords.yes.phrases, text);
  const noPhrase = matchesAny(keywords.no.phrases, text) || core.some((word) => keywords.cancelWords.has(word));
  const question = asksQuestion || (keywords.questionStarts.has(first) && !yesPhrase && !noPhrase);
  if (question) return null;
  // The last word counts too, so "yes no" and "no, yes" read as mixed, not as their first word.
  const last = core[core.length - 1] ?? first;
  const declines = noPhrase || keywords.no.leading.has(first) || keywords.no.alone.has(last);
  const agrees = yesPhrase || keywords.yes.leading.has(first) || keywords.yes.alone.has(last);
  if (declines && agrees) return null;
  if (declines) return "decline";
  return agrees ? "yes" : null;
}

/** A bare yes with nothing open: only a typed YES opts in; Y, SÍ or 👍 is a reaction. */
function bareYes(core: readonly string[], yesEmoji: boolean): ReplyIntent {
  const [only, ...more] = core;
  if (only === undefined || more.length > 0) return "unknown";
  if (!yesEmoji && keywords.yes.optInWords.has(only)) return "opt_in";
  return yesEmoji || keywords.yes.reactionWords.has(only) ? "acknowledgement" : "unknown";
}

function againstPrompt(signal: PromptSignal | null, core: readonly string[], expecting: readonly PromptExpectation[], yesEmoji: boolean): ReplyIntent {
  const open = new Set(expecting);
  switch (signal) {
    case null:
      return "unknown";
    case "reschedule":
      return open.has("reschedule") ? "reschedule" : "unknown";
    case "decline":
      return open.has("decline") || open.has("accept") ? "decline" : "unknown";
    case "yes":
      if (open.has("accept")) return "accept";
      if (open.has("confirm")) return "confirm";
      return open.size === 0 ? bareYes(core, yesEmoji) : "unknown";
  }
}

function classifyIntent(text: string, expecting: readonly PromptExpectation[]): { intent: ReplyIntent; normalized: string; words: string[] } {
  const reply = normalizeReply(text);
  const { normalized, words } = reply;
  if (isOptOut(reply)) return { intent: "opt_out", normalized, words };
  if (matchesAny(keywords.wrongNumber, normalized)) return { intent: "wrong_number", normalized, words };
  // "no problem" agrees; rewrite it before "no" is read as a decline.
  const rewritten = keywords.rewrites.reduce((acc, [from, to]) => acc.replace(from, to), normalized);
  const core = coreWords(rewritten === "" ? [] : rewritten.split(" "));
  const coreText = core.join(" ");
  if (onlyKeywords(core, (w) => keywords.optIn.alone.has(w)) || matchesAny(keywords.optIn.phrases, coreText)) {
    return { intent: "opt_in", normalized, words };
  }
  if (onlyKeywords(core, (w) => keywords.help.alone.has(w)) || matchesAny(keywords.help.phrases, coreText)) {
    return { intent: "help", normalized, words };
  }
  // Phrases read the full text: fillers like "you" and "lo" belong to "see you then" and "lo tomo".
  const signal = promptSignal(core, rewritten, reply.asksQuestion);
  return { intent: againstPrompt(signal, core, expecting, reply.yesEmoji), normalized, words };
}

export function classifyReply(
  text: string,
  opts: { expecting?: readonly PromptExpectation[] } = {},
): ReplyClassification {
  const { intent, normalized, words } = classifyIntent(text, opts.expecting ?? REMINDER_PROMPT);
  const language = detectLanguage(words);
  return language ? { intent, normalized, language } : { intent, normalized };
}

/**
 * The reply asks to cancel the appointment ("cancel my appointment", "I need to cancel"). A bare
 * CANCEL is an opt-out instead, so a cancel word left in a reply that is not one names the visit.
 */
export function asksToCancel(text: string): boolean {
  const reply = normalizeReply(text);
  return !isOptOut(reply) && reply.words.some((word) => keywords.cancelWords.has(word));
}
