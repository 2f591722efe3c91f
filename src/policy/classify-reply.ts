/**
 * What a patient's SMS reply means, given what the open prompt asked.
 *
 * Order of precedence: opt_out (always honoured, beats everything, see
 * reply-opt-out.ts) > opt_in > help > the prompt's own intents. opt_in and help
 * are honoured whatever the prompt; confirm/accept, decline and reschedule only
 * when the open prompt expects them, else the reply is `unknown` and goes to staff.
 *
 * Decisions worth knowing:
 * - `expecting` omitted = an appointment reminder: ["confirm", "reschedule", "decline"].
 * - An open waitlist offer (["accept"]) also takes a decline ("no thanks").
 * - With nothing open ([]) only a bare YES-word (YES, Y, YEAH, YEP, SÍ, 👍) is
 *   opt_in, as carriers treat YES; "C", "OK" or "sure" confirm nothing, so unknown.
 * - START, UNSTOP, ALTA (Spanish "sign up") are opt_in when they stand alone.
 * - Questions are unknown unless they ask to reschedule ("can we move it?");
 *   "what time is my appointment?" needs a person.
 * - A reply that both agrees and declines ("yes no"), or hedges ("maybe",
 *   "not sure"), is unknown rather than a guess.
 */
import { keywords } from "./reply-keywords.js";
import { coreWords, detectLanguage, normalizeReply } from "./reply-normalize.js";
import { isOptOut } from "./reply-opt-out.js";

export type ReplyIntent = "opt_out" | "opt_in" | "help" | "confirm" | "decline" | "reschedule" | "accept" | "unknown";
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

function againstPrompt(signal: PromptSignal | null, core: readonly string[], expecting: readonly PromptExpectation[]): ReplyIntent {
  const open = new Set(expecting);
  switch (signal) {
    case null:
      return "unknown";
    case "reschedule":
      return open.has("reschedule") ? "reschedule" : "unknown";
    case "decline":
      return open.has("decline") || open.has("accept") ? "decline" : "unknown";
    case "yes": {
      if (open.has("accept")) return "accept";
      if (open.has("confirm")) return "confirm";
      const [only, ...more] = core;
      return open.size === 0 && more.length === 0 && only !== undefined && keywords.yes.optInWords.has(only) ? "opt_in" : "unknown";
    }
  }
}

function classifyIntent(text: string, expecting: readonly PromptExpectation[]): { intent: ReplyIntent; normalized: string; words: string[] } {
  const reply = normalizeReply(text);
  const { normalized, words } = reply;
  if (isOptOut(reply)) return { intent: "opt_out", normalized, words };
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
  return { intent: againstPrompt(signal, core, expecting), normalized, words };
}

export function classifyReply(
  text: string,
  opts: { expecting?: readonly PromptExpectation[] } = {},
): ReplyClassification {
  const { intent, normalized, words } = classifyIntent(text, opts.expecting ?? REMINDER_PROMPT);
  const language = detectLanguage(words);
  return language ? { intent, normalized, language } : { intent, normalized };
}
