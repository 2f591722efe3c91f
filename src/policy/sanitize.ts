/**
 * Cleans a value before it goes into an SMS. Values come from EHRs, booking forms and patients
 * themselves, so they may carry characters that reorder or hide text on the phone (bidi
 * overrides, zero-width characters), control characters, or template syntax.
 */

/** Line breaks, tabs and other separators: they become one space, so words stay apart. */
const SEPARATORS = /[\t\n\v\f\r\u0085\u2028\u2029\s]+/gu;
/** C0 and C1 controls and DEL. */
const CONTROLS = /[\u0000-\u001F\u007F-\u009F]/gu;
/** Bidi embeddings, overrides and isolates, plus the implicit marks (LRM, RLM, ALM). */
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/gu;
/** Zero-width and invisible formatting characters, the soft hyphen and the BOM. */
const INVISIBLE = /[\u200B-\u200D\u2060-\u2064\uFEFF\u00AD\u180E]/gu;
/** Braces are dropped: a value can never open or close a template tag, even if re-rendered. */
const BRACES = /[{}]/gu;

export const DEFAULT_MAX_VALUE_LENGTH = 60;

/**
 * The value as it may appear in an SMS: no control, bidi or invisible characters, no braces,
 * whitespace collapsed and trimmed, and at most maxLength characters (code points, so a
 * surrogate pair is never cut in half).
 */
export function sanitizeValue(value: string, maxLength: number = DEFAULT_MAX_VALUE_LENGTH): string {
  const cleaned = value
    .normalize("NFC")
    .replace(SEPARATORS, " ")
    .replace(CONTROLS, "")
    .replace(BIDI, "")
    .replace(INVISIBLE, "")
    .replace(BRACES, "")
    .replace(/ {2,}/g, " ")
    .trim();
  const codePoints = Array.from(cleaned);
  if (codePoints.length <= maxLength) return cleaned;
  return codePoints.slice(0, maxLength).join("").trimEnd();
}
