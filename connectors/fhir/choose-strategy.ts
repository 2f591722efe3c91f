import type { CapabilityStatement, CapabilityStatementRestResource } from "@medplum/fhirtypes";
import type { FhirSearchConfig } from "../../src/config/fhir-schema.js";
import type { FhirClient } from "./client.js";
import { SearchStrategyError } from "./search-strategy-error.js";
import { SERVER_PROFILES, STRATEGY_FIX, strategyRefusal, type ServerProfile } from "./server-profile.js";

/**
 * Which strategy the sync searches the schedule with, in this order:
 * 1. `fhir.search` from the config, checked against the server profile;
 * 2. the server's CapabilityStatement: practice-wide unless it rules that out (its Appointment
 *    search lists no `date` parameter, or the server is Oracle Health, whose rules need a scope);
 * 3. where practice-wide is ruled out, the configured locations, when every one of them carries a
 *    FHIR Location id. Those locations are also the fallback when the server refuses a
 *    practice-wide search it did not rule out, so appointments at places the config does not list
 *    are still pulled wherever the server allows it.
 * When nothing allows a search, the error names the config to set: never a silent empty sync.
 */
export interface ChosenStrategy {
  search: FhirSearchConfig;
  from: "config" | "locations" | "capability";
  profile: ServerProfile;
  /** Tried when the server refuses the practice-wide search (the configured locations). */
  fallback?: FhirSearchConfig;
}

export interface StrategyInputs {
  configured?: FhirSearchConfig;
  profile: ServerProfile;
  /** The FHIR Location of each configured location; undefined where an entry has none. */
  locationRefs: ReadonlyArray<string | undefined>;
}

const ORACLE_SOFTWARE = /\b(cerner|millennium|oracle)\b/i;

function appointmentResource(statement: CapabilityStatement | undefined): CapabilityStatementRestResource | undefined {
  return statement?.rest?.flatMap((r) => r.resource ?? []).find((r) => r.type === "Appointment");
}

/** The profile the statement implies: Oracle Health's software or publisher, else the configured one. */
export function profileFromCapability(statement: CapabilityStatement | undefined, configured: ServerProfile): ServerProfile {
  const names = [statement?.software?.name, statement?.publisher, statement?.name].filter(Boolean).join(" ");
  return configured.name === "generic" && ORACLE_SOFTWARE.test(names) ? SERVER_PROFILES.oracle : configured;
}

async function readCapability(client: FhirClient): Promise<CapabilityStatement | undefined> {
  try {
    return await client.metadata();
  } catch {
    // Many servers serve /metadata; one that does not tells us nothing, so the default stands.
    return undefined;
  }
}

export async function chooseSearchStrategy(client: FhirClient, inputs: StrategyInputs): Promise<ChosenStrategy> {
  const { configured, profile } = inputs;
  if (configured) {
    const refusal = strategyRefusal(profile, configured);
    if (refusal) throw new SearchStrategyError(`fhir.search: { by: ${configured.by} } cannot run here`, refusal);
    return { search: configured, from: "config", profile };
  }
  const refs = inputs.locationRefs;
  const byLocation: FhirSearchConfig | undefined = refs.length > 0 && refs.every((r) => r !== undefined) ? { by: "location", ids: [...(refs as string[])] } : undefined;

  const statement = await readCapability(client);
  const serverProfile = profileFromCapability(statement, profile);
  const appointment = appointmentResource(statement);
  const params = appointment?.searchParam?.map((p) => p.name);
  const practiceWideRuledOut = !serverProfile.practiceWide || (params !== undefined && params.length > 0 && !params.includes("date"));
  if (practiceWideRuledOut && byLocation) return { search: byLocation, from: "locations", profile: serverProfile };
  if (!serverProfile.practiceWide) {
    throw new SearchStrategyError(`The EHR (profile ${serverProfile.name}) does not allow a practice-wide Appointment search and no strategy is configured`, STRATEGY_FIX);
  }
  if (params && params.length > 0 && !params.includes("date")) {
    throw new SearchStrategyError("The EHR's CapabilityStatement lists no date search for Appointment, so a practice-wide window search cannot run", STRATEGY_FIX);
  }
  return { search: { by: "practice", ids: [] }, from: "capability", profile: serverProfile, ...(byLocation ? { fallback: byLocation } : {}) };
}
