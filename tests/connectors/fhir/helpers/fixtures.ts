import type { Appointment, Bundle, Patient, Resource } from "@medplum/fhirtypes";

/** Synthetic FHIR resources: 555-01xx phones, made-up names, nothing real. */
export const BASE_URL = "http://ehr.test/fhir";

export function patient(id: string, overrides: Partial<Patient> = {}): Patient {
  return {
    resourceType: "Patient",
    id,
    meta: { versionId: "1" },
    name: [{ given: ["Testy"], family: `Example${id}` }],
    telecom: [{ system: "phone", use: "mobile", value: "(312) 555-0101" }],
    address: [{ use: "home", state: "IL" }],
    ...overrides,
  };
}

export function appointment(id: string, patientId: string | undefined, overrides: Partial<Appointment> = {}): Appointment {
  return {
    resourceType: "Appointment",
    id,
    meta: { versionId: "1" },
    status: "booked",
    start: "2030-03-04T15:00:00Z",
    end: "2030-03-04T15:30:00Z",
    participant: [
      ...(patientId ? [{ actor: { reference: `Patient/${patientId}` }, status: "needs-action" as const }] : []),
      { actor: { reference: "Practitioner/pr1" }, status: "accepted" },
      { actor: { reference: "Location/loc1" }, status: "accepted" },
    ],
    ...overrides,
  };
}

/** A searchset page; `next` becomes a Bundle.link, included resources get search.mode=include. */
export function searchset(matches: Resource[], options: { included?: Resource[]; next?: string; total?: number } = {}): Bundle {
  return {
    resourceType: "Bundle",
    type: "searchset",
    ...(options.total !== undefined ? { total: options.total } : {}),
    link: [{ relation: "self", url: `${BASE_URL}/Appointment` }, ...(options.next ? [{ relation: "next", url: options.next }] : [])],
    entry: [
      ...matches.map((resource) => ({ fullUrl: `${BASE_URL}/${resource.resourceType}/${resource.id ?? ""}`, resource, search: { mode: "match" as const } })),
      ...(options.included ?? []).map((resource) => ({ fullUrl: `${BASE_URL}/${resource.resourceType}/${resource.id ?? ""}`, resource, search: { mode: "include" as const } })),
    ],
  };
}

export function outcome(code: string, diagnostics: string) {
  return { resourceType: "OperationOutcome", issue: [{ severity: "error", code, diagnostics }] };
}

/** Collects every page of an async generator. */
export async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}
