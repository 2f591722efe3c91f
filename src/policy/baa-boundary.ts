/**
 * Where PHI flows against the practice's Business Associate Agreements.
 * Connectors declare whether their vendor offers a BAA; the practice attests what
 * it signed; automations declare which data classes go where. Any PHI to a party
 * without a signed BAA needs a documented acknowledgement, or it is an error.
 */

export const DATA_CLASSES = [
  "reference", "contact", "first-name", "schedule", "location", "clinical", "demographic", "financial", "message-body",
] as const;
export type DataClass = (typeof DATA_CLASSES)[number];
export type BoundaryPhiClass = "never" | "sometimes" | "always";

/**
 * Opaque references are never PHI. A first name, a schedule, a location name and a
 * message body identify in context. Contact details (a phone number included, per
 * the Quo PHI table), clinical, demographic and financial data always are.
 */
export const DATA_CLASS_PHI: Readonly<Record<DataClass, BoundaryPhiClass>> = Object.freeze({
  reference: "never",
  "first-name": "sometimes",
  schedule: "sometimes",
  location: "sometimes",
  "message-body": "sometimes",
  contact: "always",
  clinical: "always",
  demographic: "always",
  financial: "always",
});

export interface BoundaryParty {
  id: string;
  displayName: string;
  kind: "connector" | "destination" | "engine";
  baa: { offered: boolean; mustAttest?: string };
}

export interface BaaAttestation {
  signed: boolean;
  date?: string;
  reference?: string;
  acknowledgement?: { reason: string; by: string; date: string };
}

export interface BoundaryFlow {
  to: string;
  classes: DataClass[];
  automation?: string;
}

export interface BoundaryInput {
  parties: BoundaryParty[];
  attestations: Record<string, BaaAttestation>;
  flows: BoundaryFlow[];
}

export type BoundaryCode =
  | "inside-baa"
  | "references-only"
  | "phi-outside-baa"
  | "phi-outside-baa-acknowledged"
  | "baa-not-offered"
  | "attestation-undocumented"
  | "attestation-unknown-party"
  | "unknown-party"
  | "unknown-data-class";

export interface BoundaryFinding {
  severity: "error" | "warning" | "info";
  code: BoundaryCode;
  party: string;
  classes: DataClass[];
  message: string;
}

const isIsoDate = (value: string | undefined): boolean =>
  value !== undefined && /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value));
const filled = (value: string | undefined): boolean => value !== undefined && value.trim().length > 0;

function acknowledged(attestation: BaaAttestation | undefined): boolean {
  const ack = attestation?.acknowledgement;
  return ack !== undefined && filled(ack.reason) && filled(ack.by) && isIsoDate(ack.date);
}

/** A signature only counts when the vendor offers a BAA at all. */
function signedBaa(party: BoundaryParty, attestation: BaaAttestation | undefined): boolean {
  return party.baa.offered && attestation?.signed === true;
}

function partyFindings(party: BoundaryParty, attestation: BaaAttestation | undefined): BoundaryFinding[] {
  if (attestation?.signed !== true) return [];
  if (!party.baa.offered) {
    return [{ severity: "error", code: "baa-not-offered", party: party.id, classes: [],
      message: `${party.displayName} does not offer a BAA, so the attestation "signed" cannot be right; set signed: false and either stop sending PHI there or record an acknowledgement` }];
  }
  if (!filled(attestation.reference) || !isIsoDate(attestation.date)) {
    return [{ severity: "warning", code: "attestation-undocumented", party: party.id, classes: [],
      message: `the BAA with ${party.displayName} is marked signed without ${isIsoDate(attestation.date) ? "a reference" : "a valid date"}; add the signing date (YYYY-MM-DD) and a reference to the signed document` }];
  }
  return [];
}

function flowFinding(flow: BoundaryFlow, party: BoundaryParty, attestation: BaaAttestation | undefined): BoundaryFinding {
  const phiClasses = flow.classes.filter((c) => DATA_CLASS_PHI[c] !== "never");
  const via = flow.automation ? ` by automation "${flow.automation}"` : "";
  const base = { party: party.id, classes: phiClasses };
  if (phiClasses.length === 0) {
    return { ...base, severity: "info", code: "references-only", classes: [...flow.classes],
      message: `only opaque references go to ${party.displayName}${via}; nothing identifies a patient` };
  }
  const list = phiClasses.join(", ");
  if (signedBaa(party, attestation)) {
    return { ...base, severity: "info", code: "inside-baa", message: `${list} go to ${party.displayName}${via} under a signed BAA` };
  }
  const howToSign = party.baa.offered
    ? `sign the vendor's BAA${party.baa.mustAttest ? ` (${party.baa.mustAttest})` : ""} and attest it, or `
    : "";
  if (acknowledged(attestation)) {
    return { ...base, severity: "warning", code: "phi-outside-baa-acknowledged",
      message: `${list} go to ${party.displayName}${via} without a BAA; the practice acknowledged this in writing. To close it, ${howToSign}send references only` };
  }
  return { ...base, severity: "error", code: "phi-outside-baa",
    message: `${list} would go to ${party.displayName}${via} without a BAA; ${howToSign}send references only, or record an acknowledgement (reason, by, date)` };
}

export function evaluateBoundary(input: BoundaryInput): BoundaryFinding[] {
  const parties = new Map(input.parties.map((p) => [p.id, p] as const));
  const findings: BoundaryFinding[] = [];
  for (const party of input.parties) findings.push(...partyFindings(party, input.attestations[party.id]));
  for (const id of Object.keys(input.attestations)) {
    if (!parties.has(id)) {
      findings.push({ severity: "warning", code: "attestation-unknown-party", party: id, classes: [],
        message: `an attestation names "${id}", which no connector or destination declares; fix the id or remove it` });
    }
  }
  for (const flow of input.flows) {
    const party = parties.get(flow.to);
    const unknownClasses = flow.classes.filter((c) => !(c in DATA_CLASS_PHI));
    if (!party) {
      findings.push({ severity: "error", code: "unknown-party", party: flow.to, classes: [...flow.classes],
        message: `a flow goes to "${flow.to}", which no connector or destination declares; declare it so its BAA status is known` });
      continue;
    }
    if (unknownClasses.length > 0) {
      // When in doubt it is PHI: flowFinding treats an unknown class as PHI as well.
      findings.push({ severity: "error", code: "unknown-data-class", party: party.id, classes: unknownClasses,
        message: `unknown data class(es) ${unknownClasses.join(", ")} in a flow to ${party.displayName}; use one of ${DATA_CLASSES.join(", ")}` });
    }
    findings.push(flowFinding(flow, party, input.attestations[party.id]));
  }
  return findings;
}

export function boundaryHasErrors(findings: readonly BoundaryFinding[]): boolean {
  return findings.some((f) => f.severity === "error");
}
