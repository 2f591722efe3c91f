import type { ContactPoint, Patient, Period } from "@medplum/fhirtypes";
import type { PatientContact } from "../records.js";
import { parsePhone } from "../../src/policy/parse-phone.js";
import { locationTimeZone } from "./location-time-zone.js";

/**
 * What minnow needs from a Patient to text them: a mobile number in E.164, the language they
 * prefer, and the state (for state quiet hours). Nothing else leaves the connector.
 */
export type ContactResult = { ok: true; contact: PatientContact } | { ok: false; reason: "no-phone" | "invalid-phone" };

const NOT_MOBILE = new Set(["home", "work", "old"]);

function isCurrent(period: Period | undefined, now: Date): boolean {
  return !period?.end || Date.parse(period.end) > now.getTime();
}

/** sms first, then a phone marked mobile, then a phone with no use; landlines never. */
function textableRank(point: ContactPoint): number | undefined {
  if (!point.value) return undefined;
  if (point.system === "sms") return 0;
  if (point.system !== "phone") return undefined;
  if (point.use === "mobile") return 1;
  return point.use && NOT_MOBILE.has(point.use) ? undefined : 2;
}

function candidates(telecom: ContactPoint[] | undefined, now: Date): ContactPoint[] {
  return (telecom ?? [])
    .filter((point) => textableRank(point) !== undefined && isCurrent(point.period, now))
    .sort((a, b) => (textableRank(a) ?? 9) - (textableRank(b) ?? 9) || (a.rank ?? 99) - (b.rank ?? 99));
}

export type PhoneNormalizer = (value: string) => string | undefined;

/** E.164 for a valid number (default region US), undefined otherwise. */
export const toE164: PhoneNormalizer = (value) => {
  const parsed = parsePhone(value, "US");
  return parsed?.valid ? parsed.number : undefined;
};

/**
 * A memoized toE164 for one sync: parsing dominates mapping cost, and family members and
 * repeat visits share numbers. Bounded, and dropped with the sync so numbers do not linger.
 */
export function createPhoneNormalizer(maxEntries = 5_000): PhoneNormalizer {
  const memo = new Map<string, string | undefined>();
  return (value) => {
    if (memo.has(value)) return memo.get(value);
    if (memo.size >= maxEntries) memo.clear();
    const e164 = toE164(value);
    memo.set(value, e164);
    return e164;
  };
}

function preferredLanguage(patient: Patient): string | undefined {
  const communications = [...(patient.communication ?? [])].sort((a, b) => Number(b.preferred === true) - Number(a.preferred === true));
  for (const communication of communications) {
    for (const { code } of communication.language?.coding ?? []) {
      if (!code) continue;
      try {
        const [canonical] = Intl.getCanonicalLocales(code);
        if (canonical) return canonical;
      } catch {
        continue; // not a BCP-47 tag; try the next coding
      }
    }
  }
  return undefined;
}

function addressState(patient: Patient, now: Date): string | undefined {
  const addresses = (patient.address ?? []).filter((a) => a.use !== "old" && isCurrent(a.period, now));
  const preferred = addresses.find((a) => a.use === "home") ?? addresses[0];
  const state = preferred?.state?.trim().toUpperCase();
  return state && /^[A-Z]{2}$/.test(state) ? state : undefined;
}

export function mapPatientContact(patient: Patient, now: Date = new Date(), normalize: PhoneNormalizer = toE164): ContactResult {
  const points = candidates(patient.telecom, now);
  if (!points.length) return { ok: false, reason: "no-phone" };
  const phone = points.map((p) => normalize(p.value ?? "")).find((e164) => e164 !== undefined);
  if (!phone) return { ok: false, reason: "invalid-phone" };
  const contact: PatientContact = { phone };
  const language = preferredLanguage(patient);
  const state = addressState(patient, now);
  // The core timezone extension, as on a Location: quiet hours then follow the patient's own zone.
  const zone = locationTimeZone(patient);
  if (language) contact.language = language;
  if (state) contact.state = state;
  if (zone.zone) contact.timeZone = zone.zone;
  return { ok: true, contact };
}
