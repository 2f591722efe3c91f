import { TZDate } from "@date-fns/tz";
import { addDays, addMinutes, isWeekend, startOfDay } from "date-fns";
import type { Location, Practitioner } from "@medplum/fhirtypes";
import { TIMEZONE_EXTENSION_URL } from "../../connectors/fhir/location-time-zone.js";

/**
 * The sandbox practice's site in another time zone: a clinic in Mesa, Arizona (no DST, so it is
 * one hour behind Chicago in winter and two in summer), with its own doctor working weekday
 * mornings in Phoenix time and its own texting number. Its EHR Location declares its zone through
 * the FHIR timezone extension, so minnow learns it from the EHR, not from the config.
 */
export const MESA_TIME_ZONE = "America/Phoenix";
/** The clinic's phone and texting number (555-0100 is kept for practice numbers). */
export const MESA_PHONE = "+14805550100";
const FIRST_HOUR = 9;
const SLOTS_PER_DAY = 6;
const SLOT_MINUTES = 30;

export const MESA_LOCATION: Location = {
  resourceType: "Location",
  id: "loc-mesa",
  status: "active",
  name: "Lakeshore Family Practice, Mesa Clinic",
  extension: [{ url: TIMEZONE_EXTENSION_URL, valueCode: MESA_TIME_ZONE }],
  telecom: [{ system: "phone", value: MESA_PHONE }],
  address: { line: ["2250 E Saguaro Bend"], city: "Mesa", state: "AZ", postalCode: "85204", country: "US" },
};

export const MESA_PRACTITIONER: Practitioner = {
  resourceType: "Practitioner",
  id: "prac-4",
  active: true,
  identifier: [{ system: "http://hl7.org/fhir/sid/us-npi", value: "9990000045" }],
  name: [{ family: "Quillfeather", given: ["Odalys"], prefix: ["Dr."] }],
  telecom: [{ system: "phone", value: MESA_PHONE, use: "work" }],
};

/** The Mesa doctor's free slots after `now` and before `horizonMs`: weekdays 09:00-12:00 in Phoenix. */
export function mesaSlots(now: Date, horizonDays: number, horizonMs: number): Date[] {
  const starts: Date[] = [];
  const firstDay = startOfDay(new TZDate(now, MESA_TIME_ZONE));
  for (let day = 0; day <= horizonDays; day++) {
    const date = addDays(firstDay, day);
    if (isWeekend(date)) continue;
    for (let slot = 0; slot < SLOTS_PER_DAY; slot++) {
      const start = addMinutes(new TZDate(date.getFullYear(), date.getMonth(), date.getDate(), FIRST_HOUR, 0, MESA_TIME_ZONE), slot * SLOT_MINUTES);
      if (start.getTime() > now.getTime() && start.getTime() < horizonMs) starts.push(new Date(start.getTime()));
    }
  }
  return starts;
}
