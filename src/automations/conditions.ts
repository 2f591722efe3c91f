import type { AppointmentRecord } from "../../connectors/records.js";
import { parseDuration } from "../config/duration.js";
import type { Services } from "../runtime/services.js";
import { lastVisitOf } from "./last-visit.js";
import type { RecipeConditions } from "./recipe.js";

/**
 * Whether a recipe's conditions hold for one subject. Runs inside an engine step (or a dry run):
 * it reads PHI (the appointment's type or reason, the patient's language) and returns only which
 * condition failed, as a short code the run records and the dry run puts in words.
 */
export interface ConditionSubject {
  patientRef: string;
  appointment?: AppointmentRecord;
  /** The config id of the appointment's location ("practice" when none is listed). */
  locationId: string;
  language: string | null;
}

export type ConditionMiss =
  | "appointment-type"
  | "reason"
  | "location"
  | "practitioner"
  | "language"
  | "not-new-patient"
  | "not-returning-patient"
  | "visit-history-unknown"
  | "last-visit-too-recent"
  | "last-visit-too-long-ago";

const overlaps = (wanted: readonly string[], have: readonly string[] | undefined): boolean => (have ?? []).some((code) => wanted.includes(code));

function visitMiss(conditions: RecipeConditions, last: Date | "none" | null, now: Date): ConditionMiss | null {
  if (last === null) return "visit-history-unknown";
  if (conditions.patient === "new" && last !== "none") return "not-new-patient";
  if (conditions.patient === "returning" && last === "none") return "not-returning-patient";
  const { moreThan, lessThan } = conditions.lastVisit ?? {};
  if (!moreThan && !lessThan) return null;
  if (last === "none") return "not-returning-patient";
  const since = now.getTime() - last.getTime();
  if (moreThan && since <= (parseDuration(moreThan) ?? 0)) return "last-visit-too-recent";
  if (lessThan && since >= (parseDuration(lessThan) ?? Number.POSITIVE_INFINITY)) return "last-visit-too-long-ago";
  return null;
}

/** The first condition that does not hold, or null when all do (or there are none). */
export async function conditionMiss(services: Pick<Services, "sources">, conditions: RecipeConditions, subject: ConditionSubject, now: Date): Promise<ConditionMiss | null> {
  const { appointment } = subject;
  if (conditions.appointmentTypes && !overlaps(conditions.appointmentTypes, appointment?.typeCodes)) return "appointment-type";
  if (conditions.reasonCodes && !overlaps(conditions.reasonCodes, appointment?.reasonCodes)) return "reason";
  if (conditions.locations && !conditions.locations.includes(subject.locationId)) return "location";
  if (conditions.practitioners && !(appointment?.practitionerRef && conditions.practitioners.includes(appointment.practitionerRef))) return "practitioner";
  if (conditions.languages) {
    const base = (subject.language ?? "en").toLowerCase().split(/[-_]/)[0] ?? "en";
    if (!conditions.languages.includes(base)) return "language";
  }
  if (!conditions.patient && !conditions.lastVisit) return null;
  // A visit on the subject appointment's own day does not make the patient "returning" for it.
  const before = appointment ? new Date(Math.min(appointment.start.getTime(), now.getTime())) : now;
  return visitMiss(conditions, await lastVisitOf(services, subject.patientRef, before), now);
}
