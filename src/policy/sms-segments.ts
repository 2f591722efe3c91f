/**
 * How many SMS segments a body costs (3GPP TS 23.038 alphabets; Twilio's counting). One character
 * outside the GSM-7 alphabet makes the whole message UCS-2. An empty body is 0 units and 0
 * segments: nothing would be sent (Twilio rejects an empty body), and callers must treat it as
 * invalid rather than as a 1-segment message.
 */

const GSM_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
/** Extension table characters are sent as ESC + char: 2 septets, never split across parts. */
const GSM_EXTENSION = new Set("\f^{}\\[~]|€");

export const GSM7_SINGLE = 160;
export const GSM7_PART = 153;
export const UCS2_SINGLE = 70;
export const UCS2_PART = 67;

export type SmsEncoding = "GSM-7" | "UCS-2";
export interface SmsSegments { encoding: SmsEncoding; segments: number; units: number }

export function isGsm7Char(char: string): boolean {
  return GSM_BASIC.has(char) || GSM_EXTENSION.has(char);
}

/** The characters (code points) that force UCS-2, without repeats. */
export function nonGsmCharacters(text: string): string[] {
  return [...new Set(Array.from(text).filter((char) => !isGsm7Char(char)))];
}

/** Packs characters of the given costs into parts of `part` units, never splitting one. */
function countParts(costs: readonly number[], units: number, single: number, part: number): number {
  if (units === 0) return 0;
  if (units <= single) return 1;
  let parts = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > part) {
      parts += 1;
      used = 0;
    }
    used += cost;
  }
  return parts;
}

export function smsSegments(text: string): SmsSegments {
  const chars = Array.from(text);
  if (chars.every(isGsm7Char)) {
    const costs = chars.map((char) => (GSM_EXTENSION.has(char) ? 2 : 1));
    const units = costs.reduce((sum, cost) => sum + cost, 0);
    return { encoding: "GSM-7", units, segments: countParts(costs, units, GSM7_SINGLE, GSM7_PART) };
  }
  // UTF-16 code units: a character outside the BMP (most emoji) is a surrogate pair, 2 units.
  const costs = chars.map((char) => char.length);
  return { encoding: "UCS-2", units: text.length, segments: countParts(costs, text.length, UCS2_SINGLE, UCS2_PART) };
}
