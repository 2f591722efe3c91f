import type { Location, Practitioner } from "@medplum/fhirtypes";
import { TIMEZONE_EXTENSION_URL } from "../../connectors/fhir/location-time-zone.js";
import type { WorkingDay } from "./seed-slot-times.js";

/**
 * The sandbox practice's site in another time zone: a clinic in Mesa, Arizona (no DST, so it is
 * one hour behind Chicago in winter and two in summer), with its own doctor working weekday
 * mornings in Phoenix time and its own texting number. Its EHR Location declares its zone through
 * the FHIR timezone extension, so minnow learns it from the EHR, not from the config.
 */
export const MESA_TIME_ZONE = "America/Phoenix";
/** The clinic's phone and texting number (555-0100 is kept for practice numbers). */
export const MESA_PHONE = "+14805550100";

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

/** The Mesa doctor's working day: weekday mornings, 09:00-12:00 in Phoenix. */
export const MESA_WORKING_DAY: WorkingDay = { timeZone: MESA_TIME_ZONE, firstHour: 9, slots: 6, slotMinutes: 30 };
