import { acuityConnector } from "../../connectors/acuity/index.js";
import type { ConnectorManifest } from "../../connectors/define.js";
import { fhirConnector } from "../../connectors/fhir/index.js";
import { hl7Connector } from "../../connectors/hl7/index.js";
import { twilioConnector } from "../../connectors/twilio/index.js";
import type { Env } from "../config/env.js";
import type { PracticeConfig } from "../config/practice.js";
import { isAttestedDestination } from "../events/minimize.js";
import { evaluateBoundary, type BaaAttestation, type BoundaryFinding, type BoundaryFlow, type BoundaryParty, type DataClass } from "../policy/baa-boundary.js";
import type { Store } from "../store/db.js";
import { runtimeModes } from "./sandbox-mode.js";

/**
 * The BAA boundary of this deployment: every connector and destination the configuration
 * actually uses, the data classes that flow to each, and the findings of evaluateBoundary.
 * Sandbox parts run on this machine with synthetic data and are listed, not evaluated.
 */
export const TRIGGER_PARTY_ID = "trigger-dev";

export interface HookDestination {
  id: string;
  targetUrl: string;
  event: string;
}

export interface BoundaryRow {
  party: BoundaryParty;
  classes: DataClass[];
  attestation?: BaaAttestation;
  note?: string;
  findings: BoundaryFinding[];
}

export interface BoundaryReport {
  rows: BoundaryRow[];
  /** Local sandbox stand-ins: nothing leaves the machine. */
  local: string[];
  /** Findings not tied to a listed party (an attestation naming no one). */
  other: BoundaryFinding[];
  errors: number;
  warnings: number;
}

export function connectorParty(manifest: ConnectorManifest): BoundaryParty {
  return { id: manifest.id, displayName: manifest.displayName, kind: "connector", baa: manifest.baa };
}

interface Entry { party: BoundaryParty; classes: DataClass[]; note?: string; attestation?: BaaAttestation }

const LOCATION_VARIABLE = /\{\{\s*location\.(name|address)\b/;

/**
 * Whether texts tell Twilio (and the phone) where a patient is seen: a location's own sender
 * does, and so does a template that writes its name. A location name is "sometimes" PHI: it can
 * name the care ("Oncology Center").
 */
function textsNameLocations(config: PracticeConfig): boolean {
  const bodies = [config.templates, ...config.locations.map((l) => l.templates ?? {})].flatMap((set) => Object.values(set).flatMap((locales) => Object.values(locales)));
  return config.locations.some((l) => l.sender) || bodies.some((body) => LOCATION_VARIABLE.test(body));
}

function twilioEntry(config: PracticeConfig): Entry {
  const party = connectorParty(twilioConnector);
  if (!textsNameLocations(config)) return { party, classes: [...twilioConnector.receives] };
  return { party, classes: [...twilioConnector.receives, "location"], note: "locations: each location's sender, and {{location.name}} where templates use it, tell Twilio where a patient is seen" };
}

/** The EHR, and what minnow writes back to it: a Communication per text, with its words only when the practice chose so. */
function fhirEntry(config: PracticeConfig): Entry {
  const party = connectorParty(fhirConnector);
  const writeBack = config.fhir.communications;
  if (!writeBack.record) return { party, classes: [...fhirConnector.receives] };
  if (writeBack.body === "none") return { party, classes: [...fhirConnector.receives], note: "write-back: a Communication per text sent about an appointment (patient, appointment, time; no text)" };
  return { party, classes: [...fhirConnector.receives, "message-body"], note: "write-back: a Communication per text sent about an appointment, with the text itself (fhir.communications.body: full)" };
}

/** Trigger.dev as a party of the boundary when it is the engine (workflow inputs travel there); null on the embedded engine. */
export function triggerEngineParty(env: Pick<Env, "TRIGGER_SECRET_KEY" | "TRIGGER_API_URL">): BoundaryParty | null {
  if (!env.TRIGGER_SECRET_KEY) return null;
  const cloud = !env.TRIGGER_API_URL || new URL(env.TRIGGER_API_URL).hostname.endsWith("trigger.dev");
  return {
    id: TRIGGER_PARTY_ID,
    displayName: cloud ? "Trigger.dev Cloud (workflow engine)" : "Trigger.dev, self-hosted (workflow engine)",
    kind: "engine",
    baa: { offered: true, mustAttest: "A BAA signed with Trigger.dev, where your plan offers one." },
  };
}

function connectorEntries(env: Env, config: PracticeConfig): { entries: Entry[]; local: string[] } {
  const modes = runtimeModes(env);
  const entries: Entry[] = [];
  const local: string[] = [];
  if (env.FHIR_BASE_URL) entries.push(fhirEntry(config));
  if (env.ACUITY_USER_ID || env.ACUITY_API_KEY) entries.push({ party: connectorParty(acuityConnector), classes: [...acuityConnector.receives] });
  if (env.HL7_MLLP_PORT !== undefined) {
    entries.push({
      party: connectorParty(hl7Connector),
      classes: [...hl7Connector.receives],
      attestation: { signed: true, reference: "the practice's own interface engine" },
      note: `the practice's own interface engine sends SIU over MLLP${env.HL7_MLLP_TLS_CERT ? " with TLS" : " (no TLS: keep it on a private network)"} to ${env.HL7_MLLP_HOST}:${env.HL7_MLLP_PORT}${env.HL7_MLLP_ALLOW?.length ? `, from ${env.HL7_MLLP_ALLOW.join(", ")} only` : ""}; minnow answers with ACKs and writes nothing back`,
    });
  } else if (modes.sandboxEhr) local.push("sandbox HL7 listener (MLLP on a free loopback port, for `minnow sandbox hl7`)");
  if (modes.sandboxEhr) local.push("sandbox EHR (in-process FHIR R4 server, synthetic patients)");
  if (modes.sandboxSms) local.push("sandbox SMS outbox (a local fake Twilio; nothing is sent to a phone)");
  else entries.push(twilioEntry(config));
  const engine = triggerEngineParty(env);
  if (engine) {
    entries.push({
      party: engine,
      classes: ["reference"],
      note: "workflow inputs and step results are opaque references only; PHI is fetched inside each step and never stored in the engine",
    });
  }
  return { entries, local };
}

/** Hook destinations are outside the BAA unless the practice attests them: outside ones receive references only. */
function hookEntries(config: PracticeConfig, hooks: readonly HookDestination[]): Entry[] {
  return hooks.map((hook) => {
    // The same match deliveries use, so the report and the payloads never disagree.
    const inside = isAttestedDestination(config, hook.targetUrl);
    return {
      party: { id: `hook:${hook.id}`, displayName: `REST hook ${new URL(hook.targetUrl).host} (${hook.event})`, kind: "destination", baa: { offered: true, mustAttest: "list the URL in hooks.attestedDestinations once a BAA covers it" } },
      classes: inside ? ["reference", "schedule"] : ["reference"],
      ...(inside ? { attestation: { signed: true, reference: "hooks.attestedDestinations" } } : {}),
      note: inside ? "attested destination: minimum-necessary fields" : "outside the BAA: payloads carry ids, type, time and opaque references only",
    };
  });
}

/** The active REST hook subscriptions, each a destination of the boundary. */
export async function activeHookDestinations(store: Pick<Store, "db">): Promise<HookDestination[]> {
  const rows = await store.db.selectFrom("hook_subscriptions").select(["id", "target_url", "event"]).where("status", "=", "active").orderBy("id").execute();
  return rows.map((r) => ({ id: r.id, targetUrl: r.target_url, event: r.event }));
}

export function buildBoundaryReport(env: Env, config: PracticeConfig, hooks: readonly HookDestination[] = []): BoundaryReport {
  const { entries: connectors, local } = connectorEntries(env, config);
  const entries = [...connectors, ...hookEntries(config, hooks)];
  const present = new Set(entries.map((e) => e.party.id));
  const knownIds = new Set([fhirConnector.id, acuityConnector.id, hl7Connector.id, twilioConnector.id, TRIGGER_PARTY_ID]);
  // An attestation for a connector this deployment does not use is not an error; one naming nothing known is a typo.
  const attestations: Record<string, BaaAttestation> = Object.fromEntries(
    Object.entries(config.baa).filter(([id]) => present.has(id) || !knownIds.has(id)),
  );
  for (const e of entries) if (e.attestation && !attestations[e.party.id]) attestations[e.party.id] = e.attestation;
  const flows: BoundaryFlow[] = entries.map((e) => ({ to: e.party.id, classes: e.classes }));
  const findings = evaluateBoundary({ parties: entries.map((e) => e.party), attestations, flows });
  const rows = entries.map((e) => ({
    party: e.party,
    classes: e.classes,
    ...(attestations[e.party.id] ? { attestation: attestations[e.party.id] } : {}),
    ...(e.note ? { note: e.note } : {}),
    findings: findings.filter((f) => f.party === e.party.id),
  }));
  return {
    rows,
    local,
    other: findings.filter((f) => !present.has(f.party)),
    errors: findings.filter((f) => f.severity === "error").length,
    warnings: findings.filter((f) => f.severity === "warning").length,
  };
}

function baaStatus(row: BoundaryRow): string {
  const a = row.attestation;
  if (a?.signed) return `BAA signed${a.date ? ` ${a.date}` : ""}${a.reference ? ` (${a.reference})` : ""}`;
  if (a?.acknowledgement) return `no BAA; acknowledged by ${a.acknowledgement.by} on ${a.acknowledgement.date}`;
  return row.party.baa.offered ? "no BAA attested (vendor offers one)" : "no BAA (vendor does not offer one)";
}

export function formatBoundaryReport(report: BoundaryReport): string {
  const lines: string[] = ["BAA boundary", ""];
  for (const row of report.rows) {
    lines.push(`${row.party.displayName} [${row.party.id}, ${row.party.kind}]`);
    lines.push(`  receives: ${row.classes.join(", ")}`);
    lines.push(`  status:   ${baaStatus(row)}`);
    if (row.note) lines.push(`  note:     ${row.note}`);
    for (const f of row.findings) lines.push(`  ${f.severity.toUpperCase().padEnd(7)} ${f.code}: ${f.message}`);
    lines.push("");
  }
  for (const part of report.local) lines.push(`local: ${part}`);
  for (const f of report.other) lines.push(`${f.severity.toUpperCase()} ${f.code}: ${f.message}`);
  lines.push(`${report.errors} error(s), ${report.warnings} warning(s)${report.errors ? ": PHI would cross the BAA boundary without an acknowledgement (edit `baa:` in the practice config)" : ""}`);
  return lines.join("\n") + "\n";
}
