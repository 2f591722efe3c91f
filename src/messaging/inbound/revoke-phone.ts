import { log } from "../../log.js";
import type { Services } from "../../runtime/services.js";
import { appendAudit } from "../../store/audit-log.js";
import { revokeAllByPhoneIdx, revokeAllForPatient } from "../../store/consent-ledger.js";
import { appendEvent } from "../../store/events.js";
import { recordPhoneOptOut } from "../../store/phone-opt-outs.js";
import { closePromptsForPhone, type Prompt } from "../../store/prompts.js";
import { isRevoked, type PhoneConsentState } from "./phone-consent-state.js";

export interface PhoneRevocation {
  /** Stored as the revocation reason and in the audit: "sms-opt-out", "carrier-unsubscribed-21610". */
  reason: string;
  /** Who revoked, for the audit and the event: "sms-keyword" (the patient wrote) or "carrier-21610". */
  via: "sms-keyword" | "carrier-21610";
  /** What proves it: the inbound message id, or the outbound message id the carrier refused. */
  sourceRef: string;
  /** Prompts still open on the phone: their workflows are told, then they are closed. */
  prompts: readonly Prompt[];
  at: Date;
}

/**
 * Marks the phone opted out, revokes every scope for every patient on it, closes what it was
 * asked, and records it.
 * Safe to repeat: a second call revokes nothing new, and its events reuse the same ids.
 * Returns the patients whose consent it changed.
 */
export async function revokePhone(services: Services, state: PhoneConsentState, rev: PhoneRevocation): Promise<string[]> {
  const { store, engine } = services;
  const changed = state.patientRefs.filter((ref) => {
    const latest = state.latest.get(ref);
    return latest != null && !isRevoked(latest);
  });
  const revocation = { reason: rev.reason, at: rev.at };
  await recordPhoneOptOut(store, state.phoneIdx, { at: rev.at, reason: rev.reason, sourceRef: rev.sourceRef });
  await revokeAllByPhoneIdx(store, state.phoneIdx, revocation);
  for (const contact of state.contacts) await revokeAllForPatient(store, contact.patientRef, revocation);

  // Waiting workflows learn now rather than at their timeout; each re-checks consent anyway.
  for (const prompt of rev.prompts) {
    await engine.signal(prompt.signalKey, { intent: "opt_out", inboundId: rev.via === "sms-keyword" ? rev.sourceRef : null, patientRef: prompt.patientRef });
  }
  await closePromptsForPhone(store, state.phoneIdx, rev.at);

  for (const patientRef of state.patientRefs) {
    await appendEvent(store, {
      // One event per patient per opt-in period, however many STOPs and 21610s arrive.
      id: `evt-optout-${state.marker}-${patientRef}`,
      type: "patient.opted_out",
      refs: { patientRef },
      data: { via: rev.via },
      occurredAt: rev.at,
    });
  }
  for (const patientRef of changed) {
    await appendAudit(store, {
      actor: rev.via === "sms-keyword" ? "patient:sms" : "carrier:twilio",
      action: "consent.revoked",
      subjectRef: patientRef,
      decision: "revoked",
      reasons: [rev.reason],
      details: { sourceRef: rev.sourceRef, scopes: "all" },
      at: rev.at,
    });
  }
  log.info("consent.revoked_for_phone", { via: rev.via, sourceRef: rev.sourceRef, patients: state.patientRefs.length, changed: changed.length });
  return changed;
}
