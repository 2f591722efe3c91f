import { addDays, addMinutes } from "date-fns";
import type { Appointment, CodeableConcept, Location, Practitioner } from "@medplum/fhirtypes";
import { MESA_LOCATION, MESA_PRACTITIONER, MESA_WORKING_DAY } from "./seed-mesa-clinic.js";
import { PRACTICE_PHONES } from "./seed-phones.js";
import { weekdaySlotStarts, type WorkingDay } from "./seed-slot-times.js";
import type { SeededRandom } from "./seed-random.js";

/**
 * The practice's schedule: 3 practitioners working weekdays 09:00-17:00 (practice time) in
 * 30-minute slots, each at one of 2 Chicago locations per day, and a 4th at the Mesa clinic in
 * Arizona time (seed-mesa-clinic.ts). Times are stored as UTC instants.
 */
export const PRACTICE_TIME_ZONE = "America/Chicago";
export const HORIZON_DAYS = 14;
const SLOT_MINUTES = 30;
const FIRST_SLOT_HOUR = 9;
const SLOTS_PER_DAY = 16;

const CHICAGO_PRACTITIONERS: Practitioner[] = [
  ["prac-1", "Vale", "Imogen", "9990000011"],
  ["prac-2", "Okonkwo-Reyes", "Tamsin", "9990000029"],
  ["prac-3", "Lindqvist", "Bartholomew", "9990000037"],
].map(([id, family, given, npi]) => ({
  resourceType: "Practitioner",
  id,
  active: true,
  identifier: [{ system: "http://hl7.org/fhir/sid/us-npi", value: npi }],
  name: [{ family, given: [given ?? ""], prefix: ["Dr."] }],
  telecom: [{ system: "phone", value: PRACTICE_PHONES[0], use: "work" }],
}));
export const PRACTITIONERS: Practitioner[] = [...CHICAGO_PRACTITIONERS, MESA_PRACTITIONER];

const CHICAGO_LOCATIONS: Location[] = [
  ["loc-north", "Lakeshore Family Practice, North Clinic", "4410 N Lantern Way", "60640", PRACTICE_PHONES[0]],
  ["loc-south", "Lakeshore Family Practice, South Clinic", "1875 S Copperleaf Ave", "60616", PRACTICE_PHONES[1]],
].map(([id, name, line, postalCode, phone]) => ({
  resourceType: "Location",
  id,
  status: "active",
  name,
  telecom: [{ system: "phone", value: phone }],
  address: { line: [line ?? ""], city: "Chicago", state: "IL", postalCode, country: "US" },
}));
export const LOCATIONS: Location[] = [...CHICAGO_LOCATIONS, MESA_LOCATION];

// Always-PHI canaries: a service type or reason must never reach an SMS, a log or an outside system.
const SERVICE_TYPES: CodeableConcept[] = ["Dermatology", "Cardiology", "Endocrinology", "Behavioral health"].map((text) => ({
  coding: [{ system: "urn:minnow:sandbox:service-type", code: text.toLowerCase().replace(/ /g, "-"), display: text }],
  text,
}));
const REASONS: CodeableConcept[] = ["Type 2 diabetes follow-up", "Depression screening", "Hypertension medication review", "Post-surgical wound check", "Prenatal visit"].map((text) => ({ text }));

export interface Slot { start: Date; practitionerIndex: number; locationIndex: number }

/**
 * Every free slot that starts after `now` and within the horizon, in time order. The Chicago
 * doctors work in `timeZone` (Chicago, unless the first start was at night there: sandbox-zone.ts).
 */
export function openSlots(now: Date, timeZone: string = PRACTICE_TIME_ZONE): Slot[] {
  const slots: Slot[] = [];
  const workingDay: WorkingDay = { timeZone, firstHour: FIRST_SLOT_HOUR, slots: SLOTS_PER_DAY, slotMinutes: SLOT_MINUTES };
  for (const { day, start } of weekdaySlotStarts(now, HORIZON_DAYS, workingDay)) {
    for (let p = 0; p < CHICAGO_PRACTITIONERS.length; p++) slots.push({ start, practitionerIndex: p, locationIndex: (p + day) % CHICAGO_LOCATIONS.length });
  }
  for (const { start } of weekdaySlotStarts(now, HORIZON_DAYS, MESA_WORKING_DAY)) slots.push({ start, practitionerIndex: PRACTITIONERS.length - 1, locationIndex: LOCATIONS.length - 1 });
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime());
}

function ref(type: string, id: string | undefined): { reference: string } {
  return { reference: `${type}/${id ?? ""}` };
}

export function bookedAppointment(id: string, patientId: string, slot: Slot, random: SeededRandom, now: Date): Appointment {
  const practitioner = PRACTITIONERS[slot.practitionerIndex];
  const location = LOCATIONS[slot.locationIndex];
  return {
    resourceType: "Appointment",
    id,
    status: "booked",
    appointmentType: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v2-0276", code: random.pick(["ROUTINE", "FOLLOWUP", "CHECKUP"]) }] },
    ...(random.chance(0.35) ? { serviceType: [random.pick(SERVICE_TYPES)] } : {}),
    ...(random.chance(0.3) ? { reasonCode: [random.pick(REASONS)] } : {}),
    start: slot.start.toISOString(),
    end: addMinutes(slot.start, SLOT_MINUTES).toISOString(),
    minutesDuration: SLOT_MINUTES,
    created: addDays(now, -random.int(1, 60)).toISOString(),
    participant: [
      { actor: ref("Patient", patientId), required: "required", status: "needs-action" },
      { actor: { ...ref("Practitioner", practitioner?.id), display: `Dr. ${practitioner?.name?.[0]?.family ?? ""}` }, required: "required", status: "accepted" },
      { actor: { ...ref("Location", location?.id), display: location?.name ?? "" }, required: "required", status: "accepted" },
    ],
  };
}

/** A request to be seen sooner: no start, a requested period, a priority (1 is most urgent). */
export function waitlistEntry(id: string, patientId: string, random: SeededRandom, now: Date): Appointment {
  const from = addDays(now, random.int(0, 3));
  const until = addDays(now, Math.min(HORIZON_DAYS, random.int(7, 21)));
  const practitioner = random.chance(0.5) ? random.pick(PRACTITIONERS) : undefined;
  return {
    resourceType: "Appointment",
    id,
    status: "waitlist",
    priority: random.int(1, 5),
    ...(random.chance(0.3) ? { serviceType: [random.pick(SERVICE_TYPES)] } : {}),
    minutesDuration: SLOT_MINUTES,
    requestedPeriod: [{ start: from.toISOString(), end: until.toISOString() }],
    created: addDays(now, -random.int(1, 30)).toISOString(),
    participant: [
      { actor: ref("Patient", patientId), required: "required", status: "needs-action" },
      ...(practitioner ? [{ actor: ref("Practitioner", practitioner.id), required: "information-only" as const, status: "needs-action" as const }] : []),
    ],
  };
}
