import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceInteraction,
} from "@medplum/fhirtypes";

/** What the sandbox serves, for clients that read `/metadata` before they start. */
const RESOURCE_TYPES = ["Patient", "Practitioner", "Location", "Appointment", "Invoice", "Communication"] as const;

const INCLUDES: Partial<Record<(typeof RESOURCE_TYPES)[number], string[]>> = {
  Appointment: ["Appointment:patient", "Appointment:actor", "Appointment:practitioner", "Appointment:location"],
};

const INTERACTIONS: CapabilityStatementRestResourceInteraction["code"][] = [
  "read", "vread", "search-type", "create", "update", "patch", "delete", "history-instance",
];

function describe(type: (typeof RESOURCE_TYPES)[number]): CapabilityStatementRestResource {
  return {
    type,
    versioning: "versioned",
    readHistory: true,
    updateCreate: true,
    conditionalUpdate: false,
    interaction: INTERACTIONS.map((code) => ({ code })),
    ...(INCLUDES[type] ? { searchInclude: INCLUDES[type] } : {}),
  };
}

export function capabilityStatement(baseUrl: string, now: Date): CapabilityStatement {
  return {
    resourceType: "CapabilityStatement",
    status: "active",
    date: now.toISOString(),
    kind: "instance",
    software: { name: "minnow sandbox EHR" },
    implementation: { description: "Synthetic practice data for development; no real patients", url: baseUrl },
    fhirVersion: "4.0.1",
    format: ["application/fhir+json", "json"],
    rest: [{ mode: "server", resource: RESOURCE_TYPES.map(describe) }],
  };
}
