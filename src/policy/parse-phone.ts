/**
 * One parse per phone number, shared by the EHR mapping, the blind index and the number's region
 * (quiet hours). A reminder's number used to be parsed four times, each a new number to the memo
 * of its own caller: about 4% of a fan-out's CPU. The results are kept in a bounded map, dropped
 * when full; it holds only the parsed form of numbers the process is already working with.
 */
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

export interface ParsedPhone {
  /** E.164, e.g. "+13125550142". */
  number: string;
  country?: CountryCode;
  countryCallingCode: string;
  nationalNumber: string;
  /** A number in use in its country's plan (libphonenumber's isValid). */
  valid: boolean;
  /** Of a length the country's numbers can have (libphonenumber's isPossible). */
  possible: boolean;
}

const MAX_PARSED = 20_000;
const parsed = new Map<string, ParsedPhone | null>();

function parseNow(value: string, defaultCountry: CountryCode): { result: ParsedPhone | null; hasExtension: boolean } {
  const phone = parsePhoneNumberFromString(value, defaultCountry);
  if (!phone) return { result: null, hasExtension: false };
  const result: ParsedPhone = { number: phone.number, countryCallingCode: phone.countryCallingCode, nationalNumber: phone.nationalNumber, valid: phone.isValid(), possible: phone.isPossible() };
  if (phone.country) result.country = phone.country;
  return { result, hasExtension: phone.ext !== undefined };
}

/** The parsed number; undefined when it does not parse at all. */
export function parsePhone(value: string, defaultCountry: CountryCode = "US"): ParsedPhone | undefined {
  const key = `${defaultCountry}:${value}`;
  const known = parsed.get(key);
  if (known !== undefined) return known ?? undefined;
  const { result, hasExtension } = parseNow(value, defaultCountry);
  if (parsed.size >= MAX_PARSED - 1) parsed.clear();
  parsed.set(key, result);
  // Later steps ask by the E.164 form. A valid number's country follows from its digits, so
  // parsing that form gives this same answer (unless an extension, which E.164 drops, was there).
  if (result?.valid && !hasExtension) parsed.set(`${defaultCountry}:${result.number}`, result);
  return result ?? undefined;
}
