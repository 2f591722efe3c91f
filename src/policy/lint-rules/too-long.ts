/**
 * Estimates the rendered length with realistic worst-case values (the dictionary's worstCase,
 * and the longest date or time the formatter can produce in the locale), then counts segments.
 * More than 2 segments is a warning (cost, and carriers may deliver parts out of order);
 * more than Twilio's 1,600-character body limit is an error.
 */
import { phiVariable } from "../phi-dictionary.js";
import { DEFAULT_MAX_VALUE_LENGTH } from "../sanitize.js";
import { nonGsmCharacters, smsSegments } from "../sms-segments.js";
import { applyFormatter, effectiveFormatter, type FormatterName, type TemplateLocale } from "../template-formatters.js";
import type { TemplateVariable } from "../template-parse.js";
import type { LintRule } from "./types.js";

export const TWILIO_MAX_BODY = 1600;
export const MAX_SEGMENTS_WITHOUT_WARNING = 2;

const worstFormatted = new Map<string, string>();

/** Ranks a sample: one that forces UCS-2 is worse than any GSM-7 one, then longer is worse. */
const badness = (text: string): number => (nonGsmCharacters(text).length > 0 ? 10_000 : 0) + text.length;

function worstFormatterOutput(formatter: { name: FormatterName; arg?: string | undefined }, locale: TemplateLocale): string {
  const key = `${formatter.name}:${formatter.arg ?? ""}:${locale}`;
  const cached = worstFormatted.get(key);
  if (cached !== undefined) return cached;
  let worst = "";
  // Days 20-26 of every month cover every weekday with every month name; 22:55 is the widest time.
  for (let month = 1; month <= 12; month += 1) {
    for (let day = 20; day <= 26; day += 1) {
      const sample = `2026-${String(month).padStart(2, "0")}-${day}T22:55`;
      const text = applyFormatter(sample, formatter, { locale, timeZone: "UTC" }) ?? "";
      if (badness(text) > badness(worst)) worst = text;
    }
  }
  worstFormatted.set(key, worst);
  return worst;
}

function worstValue(tag: TemplateVariable, locale: TemplateLocale): string {
  const entry = phiVariable(tag.path);
  const formatter = effectiveFormatter(tag, entry?.kind);
  if (formatter) return worstFormatterOutput(formatter, locale);
  if (entry && entry.worstCase !== "") return entry.worstCase;
  return "x".repeat(entry?.maxLength ?? DEFAULT_MAX_VALUE_LENGTH);
}

export const tooLongRule: LintRule = ({ parsed, locale, literalText }) => {
  if (parsed === undefined) return [];
  const rendered = parsed.parts.map((part) => (part.kind === "text" ? part.text : worstValue(part, locale))).join("");
  const { encoding, segments } = smsSegments(rendered);
  const literalNonGsm = nonGsmCharacters(literalText);
  const encodingHint = literalNonGsm.length > 0
    ? ` The template's own characters ${literalNonGsm.map((char) => `"${char}"`).join(" ")} force UCS-2 (70 characters a segment): replace them with plain ones (straight quotes, "-", no emoji).`
    : encoding === "UCS-2" ? " Some values (e.g. a Spanish weekday like \"sábado\") contain characters outside GSM-7, which makes the whole message UCS-2 (70 characters a segment)." : "";
  if (rendered.length > TWILIO_MAX_BODY) {
    return [{
      rule: "too-long",
      severity: "error",
      message: `With long but realistic values this message reaches ${rendered.length} characters, over Twilio's ${TWILIO_MAX_BODY}-character limit. Shorten it well below that, ideally to ${MAX_SEGMENTS_WITHOUT_WARNING} segments.${encodingHint}`,
    }];
  }
  if (segments <= MAX_SEGMENTS_WITHOUT_WARNING) return [];
  return [{
    rule: "too-long",
    severity: "warning",
    message: `With long but realistic values this message takes ${segments} ${encoding} segments (${rendered.length} characters). Shorten it to at most ${MAX_SEGMENTS_WITHOUT_WARNING} segments (306 GSM-7 or 134 UCS-2 characters) by cutting words or variables.${encodingHint}`,
  }];
};
