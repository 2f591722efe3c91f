/**
 * Reply normalisation: what a patient typed, reduced to lower-case ASCII-ish words
 * so "¡NO más mensajes!", "no mas mensajes" and "No  Más   Mensajes." read the same.
 * Every step is a single linear pass, so a 100 kB body costs milliseconds.
 */
import { keywords } from "./reply-keywords.js";

export interface NormalizedReply {
  /** Words joined by single spaces. */
  normalized: string;
  words: string[];
  /** Lower case with accents stripped but punctuation kept: tells "stop by" from "STOP. By the way". */
  spaced: string;
  /** The reply contained ? or ¿. */
  asksQuestion: boolean;
  /** A yes emoji (👍, ✅…) stood for "yes": a reaction, never the typed keyword YES. */
  yesEmoji: boolean;
}

export function normalizeReply(text: string): NormalizedReply {
  let yesEmoji = false;
  const withEmojiWords = text
    // The period keeps "🛑 by" from reading as the visit idiom "stop by".
    .replace(keywords.emoji.stop, " stop. ")
    .replace(keywords.emoji.yes, () => {
      yesEmoji = true;
      return " yes ";
    })
    .replace(keywords.emoji.no, " no ")
    // Drop apostrophes before NFKD, which would split an acute-accent apostrophe into a space.
    .replace(/['’‘`´ʼ]/gu, "");
  const spaced = withEmojiWords
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\S\n]+/gu, " ")
    .trim();
  const normalized = spaced.replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  return {
    normalized,
    words: normalized === "" ? [] : normalized.split(" "),
    spaced,
    asksQuestion: /[?¿]/u.test(text),
    yesEmoji,
  };
}

/** Words minus pleasantries ("please", "thanks", "gracias") that change no intent. */
export function coreWords(words: readonly string[]): string[] {
  return words.filter((word) => !keywords.filler.has(word));
}

export function detectLanguage(words: readonly string[]): "en" | "es" | undefined {
  let es = 0;
  let en = 0;
  for (const word of words) {
    if (keywords.language.es.has(word)) es++;
    if (keywords.language.en.has(word)) en++;
  }
  if (es > en) return "es";
  if (en > 0 && en >= es) return "en";
  return undefined;
}
