import type { ContactPoint, Patient, PatientCommunication } from "@medplum/fhirtypes";
import { TIMEZONE_EXTENSION_URL } from "../../connectors/fhir/location-time-zone.js";
import { PhoneBook, type Region } from "./seed-phones.js";
import type { SeededRandom } from "./seed-random.js";

/**
 * Invented patients. Names are made up, phones are 555-01xx, e-mail is example.com. The mix is
 * what a connector must cope with: mobile, sms, home-only and no phone at all; English, Spanish
 * and bilingual patients; families that share one mobile number and one address.
 */
const GIVEN = ["Arlo", "Brisa", "Cassius", "Delphine", "Emrys", "Fenna", "Gideon", "Hollis", "Ines", "Jory", "Kestrel", "Linnea", "Marek", "Nerys", "Orin", "Perrin", "Quilla", "Rowan", "Saoirse", "Tobin", "Ulla", "Vesper", "Wren", "Xanthe", "Yannick", "Zelie"];
const FAMILY = ["Ashgrove", "Brackwater", "Coldmere", "Dunlevy", "Elderbrook", "Fernhollow", "Greythorn", "Hazelmoor", "Ivorydale", "Juniperly", "Kettleby", "Larkspurne", "Mossbridge", "Nettlefield", "Oakhurst", "Pellow", "Quarrington", "Rushcombe", "Stoneleigh", "Thistlewood"];
const GIVEN_ES = ["Aurelio", "Belén", "Candela", "Darío", "Esmeralda", "Fausto", "Graciela", "Horacio", "Itzel", "Jacinto", "Lucía", "Maximino", "Nayeli", "Octavio", "Paloma", "Remedios"];
const FAMILY_ES = ["Albarrán", "Benavídez", "Cifuentes", "Duarte-Lira", "Escamilla", "Figueroa-Paz", "Galindo", "Huerta-Solís", "Iturbe", "Jaramillo", "Lozoya", "Montiel"];
const STREETS = ["Wren Hollow Rd", "Quarry Lane", "Lantern Way", "Copperleaf Ave", "Mill Pond Ct", "Heron Bend Dr", "Saltbox St"];

const SPANISH: PatientCommunication = {
  language: { coding: [{ system: "urn:ietf:bcp:47", code: "es", display: "Spanish" }], text: "Spanish" },
  preferred: true,
};
const ENGLISH = (preferred: boolean): PatientCommunication => ({
  language: { coding: [{ system: "urn:ietf:bcp:47", code: "en-US", display: "English (United States)" }], text: "English" },
  preferred,
});

type Language = "en" | "es" | "bilingual-es" | "unstated";
interface Household { family: string; region: Region; line: string; mobile: string; spanish: boolean }

export interface PatientSeedOptions {
  count: number;
  now: Date;
  random: SeededRandom;
  /** An explicit time zone for every patient (the timezone extension), when the practice was placed away from home. */
  timeZone?: string;
}

/** Whether the patient lists a number minnow may text (a mobile, or one marked for SMS). */
export function isTextable(patient: Patient): boolean {
  return (patient.telecom ?? []).some((t) => t.system === "sms" || (t.system === "phone" && t.use === "mobile"));
}

function telecomFor(random: SeededRandom, mobile: string, home: () => string, email: string): ContactPoint[] {
  const roll = random.next();
  if (roll < 0.55) return [{ system: "phone", value: mobile, use: "mobile" }];
  if (roll < 0.7) return [{ system: "sms", value: mobile }, { system: "email", value: email }];
  if (roll < 0.85) return [{ system: "phone", value: home(), use: "home" }];
  if (roll < 0.96) return [{ system: "phone", value: home(), use: "home", rank: 1 }, { system: "phone", value: mobile, use: "mobile", rank: 2 }];
  return [{ system: "email", value: email }];
}

function communicationFor(language: Language): PatientCommunication[] | undefined {
  if (language === "es") return [SPANISH];
  if (language === "bilingual-es") return [ENGLISH(false), SPANISH];
  if (language === "en") return [ENGLISH(true)];
  return undefined;
}

function birthDate(random: SeededRandom, now: Date, minAge: number, maxAge: number): string {
  const year = now.getUTCFullYear() - random.int(minAge, maxAge);
  return `${year}-${String(random.int(1, 12)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`;
}

export function patientId(index: number): string {
  return `pat-${String(index + 1).padStart(4, "0")}`;
}

export function seedPatients({ count, now, random, timeZone }: PatientSeedOptions): Patient[] {
  const phones = new PhoneBook(random);
  const patients: Patient[] = [];
  let household: Household | undefined;
  let householdLeft = 0;
  for (let i = 0; i < count; i++) {
    const sharesFamilyPhone = householdLeft > 0 && household !== undefined;
    if (!sharesFamilyPhone || !household) {
      const spanish = random.chance(0.22);
      const region = phones.pickRegion();
      household = {
        family: random.pick(spanish ? FAMILY_ES : FAMILY),
        region,
        line: `${random.int(10, 9899)} ${random.pick(STREETS)}`,
        mobile: phones.nextNumber(region),
        spanish,
      };
      householdLeft = random.chance(0.15) ? random.int(1, 2) : 0;
    } else {
      householdLeft -= 1;
    }
    const current = household;
    const language: Language = current.spanish ? (random.chance(0.7) ? "es" : "bilingual-es") : random.chance(0.6) ? "en" : "unstated";
    const given = random.pick(current.spanish ? GIVEN_ES : GIVEN);
    const id = patientId(i);
    // Everyone in a household lists the one family mobile; single patients get the full mix.
    const telecom = sharesFamilyPhone || householdLeft > 0
      ? [{ system: "phone" as const, value: current.mobile, use: "mobile" as const }]
      : telecomFor(random, current.mobile, () => phones.nextNumber(current.region), `${id}@example.com`);
    const { region } = current;
    patients.push({
      resourceType: "Patient",
      id,
      active: true,
      identifier: [{ system: "urn:minnow:sandbox:mrn", value: `MRN-${String(700000 + i)}` }],
      name: [{ use: "official", family: current.family, given: [given] }],
      gender: random.pick(["female", "male", "other", "unknown"] as const),
      birthDate: sharesFamilyPhone ? birthDate(random, now, 2, 17) : birthDate(random, now, 18, 90),
      telecom,
      address: [{ use: "home", line: [current.line], city: region.city, state: region.state, postalCode: `${region.zipPrefix}${String(random.int(1, 99)).padStart(2, "0")}`, country: "US" }],
      ...(communicationFor(language) ? { communication: communicationFor(language) } : {}),
      ...(timeZone ? { extension: [{ url: TIMEZONE_EXTENSION_URL, valueCode: timeZone }] } : {}),
    });
  }
  return patients;
}
