/**
 * Opt-out detection. The FCC's 2024 rule honours revocation "by any reasonable
 * means", so this errs towards opting out: a false opt-out costs one confirmation
 * text the patient can undo with START; a missed one is a TCPA violation per text.
 *
 * - STOP, STOPALL, UNSUBSCRIBE, REVOKE, OPTOUT (and held-key typos like "stopp")
 *   win wherever they appear: "yes stop", "C STOP", "ok but STOP texting".
 *   One exception: "stop by" / "stop in" / "stop over", written with plain spaces,
 *   is the visiting idiom ("I'll stop by at 3"), not a revocation. "STOP. by the
 *   way" still opts out, because the punctuation separates them.
 * - CANCEL, END, QUIT (and Spanish CANCELAR, ALTO, BASTA, BAJA) are everyday words
 *   too, so they opt out when they stand alone or with filler ("Cancel!!",
 *   "cancel please", "yes END"), or when aimed at the messages ("end these
 *   texts"). Aimed at the appointment ("cancel my appointment", "cancel it",
 *   "I need to cancel") CANCEL is a decline, left to classifyReply.
 * - Reasonable wordings in English and Spanish are phrases in reply-keywords.json,
 *   including "wrong number": whoever has the number now never consented.
 */
import { keywords, squeeze } from "./reply-keywords.js";
import type { NormalizedReply } from "./reply-normalize.js";

function hasCarrierWord(words: readonly string[], spaced: string): boolean {
  let stops = 0;
  for (const word of words) {
    if (!keywords.optOut.anywhere.has(word)) continue;
    if (squeeze(word) !== "stop") return true;
    stops++;
  }
  if (stops === 0) return false;
  const visits = spaced.match(keywords.optOut.stopVisit)?.length ?? 0;
  return stops > visits;
}

/** "S T O P" spelled out letter by letter. */
function spelledOut(words: readonly string[]): boolean {
  return words.length >= 3 && words.every((word) => word.length === 1) && keywords.optOut.anywhere.has(words.join(""));
}

export function isOptOut(reply: NormalizedReply): boolean {
  const { words, normalized, spaced } = reply;
  if (words.length === 0) return false;
  if (hasCarrierWord(words, spaced) || spelledOut(words)) return true;
  if (keywords.optOut.phrases.some((phrase) => phrase.test(normalized))) return true;
  if (keywords.cancelAppointment.test(normalized)) return false;
  const rest = words.filter((word) => !keywords.keywordFiller.has(word));
  return rest.length > 0 && rest.every((word) => keywords.optOut.alone.has(word) || keywords.optOut.anywhere.has(word));
}
