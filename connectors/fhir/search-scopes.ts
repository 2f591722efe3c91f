import type { Group } from "@medplum/fhirtypes";
import type { FhirSearchConfig } from "../../src/config/fhir-schema.js";
import type { FhirClient } from "./client.js";
import { idOf, toRelativeRef } from "./references.js";

/**
 * A search strategy as the Appointment queries it runs: one scope (one query, paged) per
 * location, practitioner or patient, or one unscoped query for the whole practice. A Group
 * strategy reads the Group and runs one patient scope per member.
 */
export interface SearchScope {
  /** e.g. "location Location/123"; names the scope in logs and errors (never PHI: ids only). */
  label: string;
  /** The scope's own query parameter, e.g. { location: "Location/123" }; empty practice-wide. */
  params: Record<string, string>;
}

function scoped(param: "location" | "practitioner" | "patient", refs: readonly string[]): SearchScope[] {
  return refs.map((ref) => ({ label: `${param} ${ref}`, params: { [param]: ref } }));
}

/** The Patient members of a Group (inactive members left out). */
export async function groupPatients(client: FhirClient, groupRef: string): Promise<string[]> {
  const group = await client.read<Group>("Group", idOf(groupRef));
  const refs = (group.member ?? []).filter((m) => !m.inactive).map((m) => toRelativeRef(m.entity?.reference, "Patient"));
  return [...new Set(refs.filter((r): r is string => r !== undefined))];
}

export async function searchScopes(client: FhirClient, strategy: FhirSearchConfig): Promise<SearchScope[]> {
  switch (strategy.by) {
    case "practice":
      return [{ label: "practice-wide", params: {} }];
    case "location":
    case "practitioner":
    case "patient":
      return scoped(strategy.by, strategy.ids);
    case "group":
      return scoped("patient", (await Promise.all(strategy.ids.map((id) => groupPatients(client, id)))).flat());
  }
}
