/**
 * Consent records and the decision "may this patient get a message of this scope
 * now, and with how much PHI". Reason codes are stable: they go to the audit log.
 *
 * What a compliance officer expects, and how it is decided here:
 * - Documented evidence. Every consent names where it can be proven (`evidence`:
 *   a form submission id, a scanned document id, a message SID, an EHR record id).
 *   Verbal consent also names the staff member who took it (`capturedBy`).
 *   Missing documentation denies: an undocumented consent cannot be defended.
 * - A revocation wins over older grants. A revocation at or after `capturedAt`
 *   denies, whatever `at` is asked about (it has been recorded, so it has happened).
 *   Only a grant captured after the revocation (the patient texted START) revives it.
 *   `revokedScopes` narrows a revocation to those scopes; without it, all scopes go.
 * - Broadcasts (promotional content) need prior express written consent under the
 *   TCPA, so verbal, EHR-imported and Acuity booking-checkbox consents do not cover them.
 * - An unverified phone may still receive phiLevel "none" (practice name, generic
 *   links: nothing that says who the patient is or why), but never "minimal": a
 *   first name and appointment time sent to a mistyped or reassigned number
 *   discloses PHI to a stranger. The level is lowered, the message is not denied.
 *   A verification belongs to the exact number it proved: a send passes
 *   `phoneVerified` for its destination, and the consent row's own flag (which
 *   speaks for the row's phone only) counts just when the caller gives none.
 */
import { z } from "zod";

export const CONSENT_SCOPES = ["appointment", "waitlist", "billing", "broadcast"] as const;
export const PHI_LEVELS = ["none", "minimal"] as const;
export const CONSENT_SOURCES = ["web-form", "paper", "verbal", "sms-keyword", "ehr-import", "acuity-sms-opt-in"] as const;

export const ConsentScopeSchema = z.enum(CONSENT_SCOPES);
export const PhiLevelSchema = z.enum(PHI_LEVELS);
export const ConsentSourceSchema = z.enum(CONSENT_SOURCES);

export const ConsentSchema = z.object({
  patientRef: z.string().min(1),
  scopes: z.array(ConsentScopeSchema),
  phiLevel: PhiLevelSchema,
  source: ConsentSourceSchema,
  evidence: z.string().min(1).max(500).optional(),
  capturedBy: z.string().min(1).max(200).optional(),
  capturedAt: z.coerce.date(),
  phoneVerified: z.boolean(),
  revokedAt: z.coerce.date().nullable().optional(),
  revokedScopes: z.array(ConsentScopeSchema).optional(),
});

export type ConsentScope = z.infer<typeof ConsentScopeSchema>;
export type PhiLevel = z.infer<typeof PhiLevelSchema>;
export type ConsentSource = z.infer<typeof ConsentSourceSchema>;
export type Consent = z.infer<typeof ConsentSchema>;

export const CONSENT_REASONS = [
  "no-consent",
  "invalid-consent",
  "invalid-time",
  "captured-in-future",
  "evidence-missing",
  "verbal-without-staff",
  "revoked",
  "scope-revoked",
  "scope-missing",
  "broadcast-needs-written-consent",
  "phi-lowered-unverified-phone",
] as const;
export type ConsentReason = (typeof CONSENT_REASONS)[number];

export interface ConsentDecision {
  allowed: boolean;
  phiLevel: PhiLevel;
  reasons: ConsentReason[];
}

const WRITTEN_SOURCES: ReadonlySet<ConsentSource> = new Set(["web-form", "paper", "sms-keyword"]);

function revocationReason(consent: Consent, scope: ConsentScope): ConsentReason | undefined {
  const { revokedAt, revokedScopes } = consent;
  const hasRevocation = revokedAt != null || (revokedScopes !== undefined && revokedScopes.length > 0);
  if (!hasRevocation) return undefined;
  // A grant captured after the revocation supersedes it (re-consent by START or a new form).
  if (revokedAt != null && revokedAt < consent.capturedAt) return undefined;
  if (revokedScopes === undefined || revokedScopes.length === 0) return "revoked";
  return revokedScopes.includes(scope) ? "scope-revoked" : undefined;
}

export interface ConsentRequest {
  scope: ConsentScope;
  at: Date;
  /** The destination number was proven to reach this patient (compared by blind index on the send path). */
  phoneVerified?: boolean;
}

export function decideConsent(consent: Consent | null | undefined, request: ConsentRequest): ConsentDecision {
  const deny = (...reasons: ConsentReason[]): ConsentDecision => ({ allowed: false, phiLevel: "none", reasons });
  if (consent == null) return deny("no-consent");
  const parsed = ConsentSchema.safeParse(consent);
  if (!parsed.success) return deny("invalid-consent");
  if (Number.isNaN(request.at.getTime())) return deny("invalid-time");
  const record = parsed.data;

  const reasons: ConsentReason[] = [];
  if (record.capturedAt > request.at) reasons.push("captured-in-future");
  if (!record.evidence) reasons.push("evidence-missing");
  if (record.source === "verbal" && !record.capturedBy) reasons.push("verbal-without-staff");
  const revoked = revocationReason(record, request.scope);
  if (revoked) reasons.push(revoked);
  if (!record.scopes.includes(request.scope)) reasons.push("scope-missing");
  if (request.scope === "broadcast" && !WRITTEN_SOURCES.has(record.source)) reasons.push("broadcast-needs-written-consent");
  if (reasons.length > 0) return deny(...reasons);

  if (record.phiLevel === "minimal" && !(request.phoneVerified ?? record.phoneVerified)) {
    return { allowed: true, phiLevel: "none", reasons: ["phi-lowered-unverified-phone"] };
  }
  return { allowed: true, phiLevel: record.phiLevel, reasons: [] };
}
