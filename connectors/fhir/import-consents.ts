import type { CodeableConcept, Coding, Consent } from "@medplum/fhirtypes";
import { CONSENT_SCOPES, type ConsentScope, type PhiLevel } from "../../src/policy/consent.js";
import type { ConsentInput } from "../../src/store/consent-ledger.js";
import { toRelativeRef } from "./references.js";

/**
 * FHIR R4 `Consent` -> what the consent ledger records. Pure: the caller (a sync step) writes
 * grants with recordConsent and revocations with revokeAllForPatient, skipping a grant whose
 * `evidence` is already in the patient's history, so re-importing every sync records nothing twice.
 *
 * Which Consents count: one that names minnow scopes (codes of SMS_SCOPE_SYSTEM in provision.purpose,
 * provision.code or category) says what it covers. Without such codes a Consent only counts when
 * the practice configured `consent.fromEhr` (passed as `defaults`), and then the caller must fetch
 * only the SMS consents (by category): a treatment or research Consent is not a texting consent.
 *
 * - active + permit (or no provision type) -> a grant of source `ehr-import`, never phone-verified
 *   (an EHR phone number was typed by someone), evidence `fhir:Consent/<id>[/_history/<v>]`.
 * - active + deny, inactive, rejected, or a provision period that has ended -> a revocation.
 * - draft, proposed, entered-in-error, not yet in force, or missing patient/id/phone -> skipped with a reason.
 */
export const SMS_SCOPE_SYSTEM = "https://minnow.dev/fhir/CodeSystem/sms-consent-scope";

export interface ImportDefaults {
  scopes: ConsentScope[];
  phiLevel: PhiLevel;
}

export type ImportedConsent =
  | { kind: "grant"; input: ConsentInput }
  | { kind: "revoke"; patientRef: string; evidence: string; at: Date }
  | { kind: "skip"; reason: ImportSkipReason; evidence?: string };

export type ImportSkipReason = "not-sms-consent" | "no-patient" | "no-id" | "no-phone" | "no-scopes" | "not-final" | "entered-in-error" | "not-yet-in-force" | "bad-date";

const SCOPES: ReadonlySet<string> = new Set(CONSENT_SCOPES);

function codings(consent: Consent): Coding[] {
  const provision = consent.provision;
  const concepts: CodeableConcept[] = [...(consent.category ?? []), ...(provision?.code ?? [])];
  return [...concepts.flatMap((c) => c.coding ?? []), ...(provision?.purpose ?? [])];
}

function namedScopes(consent: Consent): ConsentScope[] {
  const found = codings(consent)
    .filter((c) => c.system === SMS_SCOPE_SYSTEM && c.code !== undefined && SCOPES.has(c.code))
    .map((c) => c.code as ConsentScope);
  return [...new Set(found)];
}

function parseInstant(value: string | undefined): Date | null | undefined {
  if (value === undefined) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

export function consentFromFhir(consent: Consent, ctx: { phone: string | undefined; defaults?: ImportDefaults; now?: Date }): ImportedConsent {
  const now = ctx.now ?? new Date();
  const named = namedScopes(consent);
  if (named.length === 0 && !ctx.defaults) return { kind: "skip", reason: "not-sms-consent" };
  if (!consent.id) return { kind: "skip", reason: "no-id" };
  const version = consent.meta?.versionId;
  const evidence = `fhir:Consent/${consent.id}${version ? `/_history/${version}` : ""}`;
  const patientRef = toRelativeRef(consent.patient?.reference, "Patient");
  if (!patientRef) return { kind: "skip", reason: "no-patient", evidence };
  if (consent.status === "entered-in-error") return { kind: "skip", reason: "entered-in-error", evidence };
  if (consent.status === "draft" || consent.status === "proposed") return { kind: "skip", reason: "not-final", evidence };

  const issued = parseInstant(consent.dateTime ?? consent.meta?.lastUpdated);
  const start = parseInstant(consent.provision?.period?.start);
  const end = parseInstant(consent.provision?.period?.end);
  if (issued === null || start === null || end === null) return { kind: "skip", reason: "bad-date", evidence };
  // A date in the future would make policy deny ("captured-in-future"): it is recorded as now.
  const capturedAt = issued && issued <= now ? issued : now;

  const withdrawn = consent.status === "inactive" || consent.status === "rejected" || consent.provision?.type === "deny";
  if (withdrawn) {
    // A status flipped to inactive keeps its old dateTime; the withdrawal happened when the resource changed.
    const changed = parseInstant(consent.meta?.lastUpdated);
    return { kind: "revoke", patientRef, evidence, at: changed && changed <= now ? changed : now };
  }
  if (end && end <= now) return { kind: "revoke", patientRef, evidence, at: end };
  if (start && start > now) return { kind: "skip", reason: "not-yet-in-force", evidence };

  const scopes = named.length > 0 ? named : (ctx.defaults?.scopes ?? []);
  if (scopes.length === 0) return { kind: "skip", reason: "no-scopes", evidence };
  if (!ctx.phone) return { kind: "skip", reason: "no-phone", evidence };
  const capturedBy = toRelativeRef(consent.performer?.[0]?.reference);
  return {
    kind: "grant",
    input: {
      patientRef,
      phone: ctx.phone,
      scopes,
      phiLevel: ctx.defaults?.phiLevel ?? "none",
      source: "ehr-import",
      evidence,
      ...(capturedBy ? { capturedBy } : {}),
      capturedAt,
      phoneVerified: false,
    },
  };
}
