/** data/reply-keywords.json, validated and compiled once at load. */
import { z } from "zod";
import raw from "./data/reply-keywords.json" with { type: "json" };

const words = z.array(z.string().min(1));
const patterns = z.array(z.string().min(1));
const schema = z.object({
  emoji: z.object({ yes: words, no: words, stop: words }),
  filler: words,
  optOut: z.object({ anywhere: words, alone: words, keywordFiller: words, stopVisitFollowers: words, phrases: patterns }),
  optIn: z.object({ alone: words, phrases: patterns }),
  help: z.object({ alone: words, phrases: patterns }),
  wrongNumber: z.object({ phrases: patterns }),
  rewrites: z.array(z.tuple([z.string(), z.string()])),
  uncertain: patterns,
  yes: z.object({ alone: words, leading: words, phrases: patterns, optInWords: words, reactionWords: words }),
  no: z.object({ alone: words, leading: words, phrases: patterns }),
  cancelWords: words,
  cancelAppointmentPhrase: z.string(),
  reschedule: z.object({ alone: words, anywhere: words, phrases: patterns }),
  questionStarts: words,
  language: z.object({ es: words, en: words }),
});

const data = schema.parse(raw);

/** "stopp", "yesss", "noooo" -> "stop", "yes", "no": forgives the commonest typo, held keys. */
export function squeeze(word: string): string {
  return word.replace(/(.)\1+/gu, "$1");
}

/** A word set that also matches words whose repeated letters were held down. */
export class WordSet {
  private readonly exact: Set<string>;
  private readonly squeezed: Set<string>;
  constructor(list: readonly string[]) {
    this.exact = new Set(list);
    this.squeezed = new Set(list.map(squeeze));
  }
  has(word: string): boolean {
    return this.exact.has(word) || this.squeezed.has(squeeze(word));
  }
}

const compile = (list: readonly string[]): RegExp[] => list.map((source) => new RegExp(source));
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** One emoji, with its optional variation selector and skin tone. */
const emojiPattern = (list: readonly string[]): RegExp =>
  new RegExp(`(?:${list.map(escape).join("|")})\\uFE0F?[\\u{1F3FB}-\\u{1F3FF}]?`, "gu");

export const keywords = {
  emoji: { yes: emojiPattern(data.emoji.yes), no: emojiPattern(data.emoji.no), stop: emojiPattern(data.emoji.stop) },
  filler: new WordSet(data.filler),
  /** Words that may surround a bare keyword ("yes STOP", "cancel all", "START now"). */
  keywordFiller: new WordSet([...data.optOut.keywordFiller, ...data.filler]),
  optOut: {
    anywhere: new WordSet(data.optOut.anywhere),
    alone: new WordSet(data.optOut.alone),
    stopVisit: new RegExp(`\\bstop +(${data.optOut.stopVisitFollowers.map(escape).join("|")})\\b`, "g"),
    phrases: compile(data.optOut.phrases),
  },
  optIn: { alone: new WordSet(data.optIn.alone), phrases: compile(data.optIn.phrases) },
  help: { alone: new WordSet(data.help.alone), phrases: compile(data.help.phrases) },
  wrongNumber: compile(data.wrongNumber.phrases),
  rewrites: data.rewrites.map(([from, to]) => [new RegExp(from, "g"), to] as const),
  uncertain: compile(data.uncertain),
  yes: {
    alone: new WordSet(data.yes.alone),
    leading: new WordSet(data.yes.leading),
    phrases: compile(data.yes.phrases),
    optInWords: new WordSet(data.yes.optInWords),
    reactionWords: new WordSet(data.yes.reactionWords),
  },
  no: { alone: new WordSet(data.no.alone), leading: new WordSet(data.no.leading), phrases: compile(data.no.phrases) },
  cancelWords: new WordSet(data.cancelWords),
  cancelAppointment: new RegExp(data.cancelAppointmentPhrase),
  reschedule: {
    alone: new WordSet(data.reschedule.alone),
    anywhere: new WordSet(data.reschedule.anywhere),
    phrases: compile(data.reschedule.phrases),
  },
  questionStarts: new Set(data.questionStarts),
  language: { es: new WordSet(data.language.es), en: new WordSet(data.language.en) },
};
