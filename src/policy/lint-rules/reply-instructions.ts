/**
 * Finds where a template asks the patient to reply with an opt-out keyword, and what for.
 * Twilio (and minnow's own classifyReply) treat STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT,
 * REVOKE and OPTOUT as an opt-out whatever the template meant, so "Reply CANCEL to cancel your
 * visit" unsubscribes the patient. A keyword counts as a reply instruction when it directly
 * follows a reply verb ("Reply cancel"), or is capitalised or quoted and either sits in a reply
 * clause ("Reply HELP for help, STOP to cancel") or is followed by its purpose ("STOP to end").
 * A lower-case "cancel" elsewhere ("to cancel call us") is ordinary prose.
 */

/** Keywords that mean "stop messaging me" on their own; a bare "to cancel" after them is fine. */
const INHERENT_OPT_OUT = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "OPTOUT", "REVOKE", "ALTO", "BAJA"]);
/** Keywords that read as something else ("cancel my visit") unless the purpose says messages. */
const AMBIGUOUS_OPT_OUT = new Set(["CANCEL", "END", "QUIT", "CANCELAR"]);
const REPLY_VERBS = new Set(["reply", "respond", "text", "txt", "send", "responda", "responde", "responder", "conteste", "contesta", "envíe", "envie", "envía", "envia", "escriba", "escribe", "mande", "manda"]);
/** Words allowed between a reply verb and its keyword ("Reply with the word STOP"). */
const VERB_FILLER = new Set(["with", "back", "the", "word", "con", "la", "palabra", "just", "simply"]);
/** "to cancel", "para cancelar": the keyword is a verb here, not a reply. */
const INFINITIVE_MARKERS = new Set(["to", "para"]);
const ALTERNATIVE_MARKERS = new Set(["or", "o"]);
const PURPOSE_STARTS = new Set(["to", "para", "for"]);
const QUOTES = new Set(["\"", "'", "“", "”", "‘", "’", "«", "»"]);

const OPT_OUT_PURPOSES: readonly RegExp[] = [
  /\bopt(?:\s|-)?out\b/u,
  /\bunsub(?:scribe)?\b/u,
  /\b(?:stop|cancel|end|quit|pause|halt|block)\b(?:\s+[\p{L}'’]+){0,3}?\s+(?:messages?|texts?|texting|msgs?|sms|alerts?|reminders?|notifications?|notices|subscriptions?|updates)\b/u,
  /\bstop (?:receiving|getting)\b/u,
  /\bno (?:more|longer)\b/u,
  /\b(?:be )?removed\b|\bremove (?:you|me|your number)\b/u,
  /\bdar(?:se|te|me)? de baja\b/u,
  /\bdejar de recibir\b|\bno recibir\b|\bno m[aá]s (?:mensajes|textos)\b|\bsalir de la lista\b|\bdesuscrib/u,
  /\bcancelar\b(?:\s+\p{L}+){0,2}?\s+(?:mensajes|textos|alertas|recordatorios|notificaciones|suscripci[oó]n)\b/u,
];
const BARE_OPT_OUT_PURPOSE = /^(?:(?:to|para)\s+)?(?:stop|cancel|end|quit|unsubscribe|opt[\s-]?out|cancelar|parar|detener|terminar|salir)$/u;

export interface ReplyInstruction { keyword: string; purpose: string; optOut: boolean }

interface Token { text: string; lower: string; start: number; end: number }

function tokenize(sentence: string): Token[] {
  return [...sentence.matchAll(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)].map((m) => ({
    text: m[0],
    lower: m[0].toLowerCase(),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** The words after the keyword, up to the next clause (",", ";", " or ") or the sentence end. */
function purposeAfter(sentence: string, from: number): string {
  const rest = sentence.slice(from).replace(/^["'“”‘’«»]/u, "");
  const clause = rest.split(/[,;]|\s(?:or|o)\s/u)[0] ?? "";
  return clause
    .toLowerCase()
    .replace(/^[\s:=-]+/u, "")
    .replace(/^(?:to|al)\s+\d[\d\s-]*/u, "") // "Text STOP to 55501": the short code, not a purpose
    .replace(/[\s.!?]+$/u, "")
    .trim();
}

function isOptOutPurpose(keyword: string, purpose: string): boolean {
  if (OPT_OUT_PURPOSES.some((pattern) => pattern.test(purpose))) return true;
  return INHERENT_OPT_OUT.has(keyword) && (purpose === "" || BARE_OPT_OUT_PURPOSE.test(purpose));
}

function instructionsIn(sentence: string): ReplyInstruction[] {
  const tokens = tokenize(sentence);
  const found: ReplyInstruction[] = [];
  let verbAt = -1;
  let fillerRun = true;
  tokens.forEach((token, index) => {
    if (REPLY_VERBS.has(token.lower)) {
      verbAt = index;
      fillerRun = true;
      return;
    }
    const keyword = token.text.toUpperCase();
    const directlyAfterVerb = verbAt !== -1 && fillerRun;
    if (!VERB_FILLER.has(token.lower)) fillerRun = false;
    if (!INHERENT_OPT_OUT.has(keyword) && !AMBIGUOUS_OPT_OUT.has(keyword)) return;
    if (INFINITIVE_MARKERS.has(tokens[index - 1]?.lower ?? "")) return;
    const emphasised = token.text === keyword || QUOTES.has(sentence[token.start - 1] ?? "");
    const purposeFollows = PURPOSE_STARTS.has(tokens[index + 1]?.lower ?? "");
    // "Reply Y to confirm or cancel to cancel": a lower-case alternative that is given a purpose.
    const alternative = verbAt !== -1 && ALTERNATIVE_MARKERS.has(tokens[index - 1]?.lower ?? "") && purposeFollows;
    if (!directlyAfterVerb && !alternative && !(emphasised && (verbAt !== -1 || purposeFollows))) return;
    const purpose = purposeAfter(sentence, token.end);
    found.push({ keyword, purpose, optOut: isOptOutPurpose(keyword, purpose) });
  });
  return found;
}

/** Every opt-out keyword the text asks the patient to send, with the purpose the text gives it. */
export function findReplyInstructions(text: string): ReplyInstruction[] {
  return text.split(/(?<=[.!?])\s+|\n+/u).flatMap(instructionsIn);
}
