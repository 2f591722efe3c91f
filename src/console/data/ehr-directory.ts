import type { Bundle, HumanName, Location, Patient, Practitioner } from "@medplum/fhirtypes";
import type { FhirClient } from "../../../connectors/fhir/client.js";
import { fetchPatients } from "../../../connectors/fhir/fetch-patients.js";
import { resourcesOfType } from "../../../connectors/fhir/search-pages.js";
import type { Services } from "../../runtime/services.js";

/**
 * Names the console shows, read from the EHR when a page is drawn and never stored or logged:
 * patients, practitioners and locations. minnow keeps only references; the EHR keeps the names.
 */
export function displayName(name: HumanName | undefined, fallback: string): string {
  if (!name) return fallback;
  if (name.text?.trim()) return name.text.trim();
  const parts = [...(name.prefix ?? []), ...(name.given ?? []), name.family ?? ""].map((p) => p.trim()).filter(Boolean);
  return parts.length ? parts.join(" ") : fallback;
}

export function patientName(patient: Patient | undefined): string {
  return displayName(patient?.name?.[0], "Name not on file");
}

export function fhirOf(services: Pick<Services, "sources">): FhirClient | undefined {
  return services.sources.fhir;
}

/** Patients by reference, read in bulk; a patient the EHR cannot return is left out. */
export async function readPatients(services: Pick<Services, "sources">, refs: readonly string[]): Promise<Map<string, Patient>> {
  const client = fhirOf(services);
  const wanted = refs.filter((r) => r.startsWith("Patient/"));
  if (!client || wanted.length === 0) return new Map();
  return fetchPatients(client, wanted, "search");
}

export async function patientNames(services: Pick<Services, "sources">, refs: readonly string[]): Promise<Map<string, string>> {
  const patients = await readPatients(services, refs);
  return new Map([...patients].map(([ref, patient]) => [ref, patientName(patient)]));
}

export interface NamedRef {
  ref: string;
  name: string;
}

async function listAll(client: FhirClient, resourceType: "Practitioner" | "Location"): Promise<Bundle> {
  return client.search(resourceType, { _count: 200 });
}

/** The practice's practitioners and locations, for filters and labels. */
export async function practiceDirectory(services: Pick<Services, "sources">): Promise<{ practitioners: NamedRef[]; locations: NamedRef[] }> {
  const client = fhirOf(services);
  if (!client) return { practitioners: [], locations: [] };
  const [practitioners, locations] = await Promise.all([listAll(client, "Practitioner"), listAll(client, "Location")]);
  return {
    practitioners: resourcesOfType<Practitioner>(practitioners, "Practitioner").map((p) => ({ ref: `Practitioner/${p.id ?? ""}`, name: displayName(p.name?.[0], `Practitioner ${p.id ?? ""}`) })),
    locations: resourcesOfType<Location>(locations, "Location").map((l) => ({ ref: `Location/${l.id ?? ""}`, name: l.name?.trim() || `Location ${l.id ?? ""}` })),
  };
}

