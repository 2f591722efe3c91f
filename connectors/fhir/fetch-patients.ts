import type { Bundle, Patient } from "@medplum/fhirtypes";
import type { FhirClient } from "./client.js";
import { idOf } from "./references.js";
import { resourcesOfType } from "./search-pages.js";

/**
 * Reads Patients by reference in bulk, for servers that ignore `_include`: either one
 * `Patient?_id=a,b,c` search per chunk, or a `batch` Bundle of reads. Patients the server
 * cannot return are simply absent from the result.
 */
export type PatientFetchMode = "search" | "batch";

/** Keeps `_id=` query strings well under common URL length limits. */
const CHUNK = 50;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function bySearch(client: FhirClient, refs: string[]): Promise<Patient[]> {
  const page = await client.search("Patient", { _id: refs.map(idOf).join(","), _count: refs.length });
  return resourcesOfType<Patient>(page, "Patient");
}

async function byBatch(client: FhirClient, refs: string[]): Promise<Patient[]> {
  const request: Bundle = { resourceType: "Bundle", type: "batch", entry: refs.map((ref) => ({ request: { method: "GET", url: ref } })) };
  const response = await client.batch(request);
  // Entries that failed (404, 410) carry an OperationOutcome or nothing; keep only Patients.
  return (response.entry ?? []).flatMap((entry) => (entry.resource?.resourceType === "Patient" ? [entry.resource] : []));
}

export async function fetchPatients(client: FhirClient, refs: readonly string[], mode: PatientFetchMode): Promise<Map<string, Patient>> {
  const found = new Map<string, Patient>();
  const wanted = new Set(refs);
  for (const chunk of chunks([...wanted], CHUNK)) {
    const patients = mode === "batch" ? await byBatch(client, chunk) : await bySearch(client, chunk);
    for (const patient of patients) {
      const ref = `Patient/${patient.id ?? ""}`;
      if (wanted.has(ref)) found.set(ref, patient);
    }
  }
  return found;
}
