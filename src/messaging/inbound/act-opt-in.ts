import type { ConsentScope, ConsentSource } from "../../policy/consent.js";
import type { Services } from "../../runtime/services.js";
import { appendAudit } from "../../store/audit-log.js";
import { recordConsent, type ConsentRecord } from "../../store/consent-ledger.js";
import { appendEvent } from "../../store/events.js";
import { recordPhoneOptIn } from "../../store/phone-opt-outs.js";
import type { ReplyTextId } from "../reply-texts.js";
import { replyWith, staffInboxItem, type InboundContext, type RouteOutcome } from "./inbound-context.js";
import { isRevoked } from "./phone-consent-state.js";

/**
 * START / UNSTOP: a patient whose consent was revoked gets it back, as a new ledger row of source
 * `sms-keyword` whose evidence names the inbound message and the grant it restores. Nothing is
 * invented: a patient with no consent on record gets none, and the reply says to call.
 *
 * What is restored, and what is not:
 * - the scopes of the revoked grant, minus any scope revoked on its own before (a patient who
 *   earlier said "no billing texts" does not get billing back by texting START);
 * - not `broadcast` unless the old grant was written: START must not turn a verbal or EHR consent
 *   into the prior express written consent marketing needs;
 * - the PHI level, and "phone verified" only when the old grant was verified on this same phone.
 */
const WRITTEN: ReadonlySet<ConsentSource> = new Set(["web-form", "paper", "sms-keyword"]);

function restorableScopes(previous: ConsentRecord): ConsentScope[] {
  const revokedOnTheirOwn = new Set(previous.scopesRevokedOnTheirOwn);
  return previous.scopes.filter((scope) => !revokedOnTheirOwn.has(scope) && (scope !== "broadcast" || WRITTEN.has(previous.source)));
}

/** This same message restored the patient's consent (a retried webhook, or routing it again). */
export function restoredBy(consent: ConsentRecord, messageSid: string): boolean {
  return consent.source === "sms-keyword" && !isRevoked(consent) && (consent.evidence ?? "").startsWith(`twilio:${messageSid} `);
}

async function restore(services: Services, ctx: InboundContext, patientRef: string, previous: ConsentRecord): Promise<string | null> {
  const scopes = restorableScopes(previous);
  if (scopes.length === 0) return null;
  const id = await recordConsent(
    services.store,
    services.crypto,
    {
      patientRef,
      phone: ctx.sms.from,
      scopes,
      phiLevel: previous.phiLevel,
      source: "sms-keyword",
      evidence: `twilio:${ctx.sms.messageSid} START from the phone restores ${previous.id}`,
      capturedBy: "patient:sms",
      capturedAt: ctx.at,
      phoneVerified: previous.phoneVerified && previous.phoneIdx === ctx.phoneIdx,
    },
    ctx.at,
  );
  await appendAudit(services.store, {
    actor: "patient:sms",
    action: "consent.recorded",
    subjectRef: patientRef,
    decision: "restored",
    reasons: ["sms-opt-in"],
    details: { consentId: id, restores: previous.id, inboundId: ctx.inboundId, scopes: scopes.join(",") },
    at: ctx.at,
  });
  await appendEvent(services.store, { id: `evt-optin-${id}`, type: "patient.opted_in", refs: { patientRef, consentId: id }, data: { via: "sms-keyword" }, occurredAt: ctx.at });
  return id;
}

export async function actOptIn(services: Services, ctx: InboundContext): Promise<RouteOutcome> {
  const state = await ctx.state();
  // The carrier unblocks the number on START, so minnow's record of the phone's opt-out ends too.
  await recordPhoneOptIn(services.store, ctx.phoneIdx, "sms-keyword", ctx.at);
  let restored = 0;
  let live = 0;
  for (const patientRef of state.patientRefs) {
    const latest = state.latest.get(patientRef);
    // A grant on another number belongs to that number, unless this phone is the patient's contact.
    if (!latest || (latest.phoneIdx !== ctx.phoneIdx && !state.contacts.some((c) => c.patientRef === patientRef))) continue;
    if (restoredBy(latest, ctx.sms.messageSid)) restored++;
    else if (!isRevoked(latest)) live++;
    else if (await restore(services, ctx, patientRef, latest)) restored++;
  }
  // With Twilio Advanced Opt-Out the carrier confirmed START itself: the consent change is recorded, nothing more is sent.
  const answer = ctx.carrierAnswered ? async () => undefined : (id: ReplyTextId, key: string) => replyWith(services, ctx, id, key);
  if (restored > 0) {
    await answer("opt-in", `reply:${ctx.sms.messageSid}:opt-in`);
    return { intent: "opt_in", routedTo: "opt-in", needsStaff: false };
  }
  if (live > 0) return { intent: "opt_in", routedTo: "opt-in:already-subscribed", needsStaff: false };
  // A day in the key: a stranger texting START gets this once a day, not on every message.
  await answer("opt-in-no-consent", `reply:opt-in-no-consent:${ctx.phoneIdx}:${ctx.at.toISOString().slice(0, 10)}`);
  return staffInboxItem("opt_in", "opt-in:no-consent");
}
