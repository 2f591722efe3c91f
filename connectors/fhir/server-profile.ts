import type { FhirSearchConfig } from "../../src/config/fhir-schema.js";

/**
 * What a FHIR server accepts in an Appointment search, by server family. "generic" is plain R4:
 * any strategy, with status, `_include` and `_sort`. "oracle" is Oracle Health (Millennium), whose
 * published API reference requires exactly one of `_id`, `patient`, `practitioner` or `location`
 * (never two) and allows `date` only with one of the last three: no practice-wide search, no group
 * of scopes in one query, and only the parameters its reference lists.
 */
export type ProfileName = "generic" | "oracle";

export interface ServerProfile {
  name: ProfileName;
  /** Whether an Appointment search with no patient, practitioner or location is allowed. */
  practiceWide: boolean;
  /** Whether the query may carry status, `_include` and `_sort` alongside the scope and date. */
  extraParams: boolean;
}

export const SERVER_PROFILES: Record<ProfileName, ServerProfile> = {
  generic: { name: "generic", practiceWide: true, extraParams: true },
  oracle: { name: "oracle", practiceWide: false, extraParams: false },
};

export const STRATEGY_FIX = 'set fhir.search in the practice config, e.g. fhir.search: { by: location, ids: ["Location/123"] } (or by: practitioner, patient or group; see README "FHIR search strategies")';

/** The reason a configured strategy breaks the profile's rules, or undefined when it is allowed. */
export function strategyRefusal(profile: ServerProfile, strategy: Pick<FhirSearchConfig, "by">): string | undefined {
  if (strategy.by === "practice" && !profile.practiceWide) {
    return `the ${profile.name} profile does not allow a practice-wide Appointment search (it needs exactly one of patient, practitioner or location with date); ${STRATEGY_FIX}`;
  }
  return undefined;
}
