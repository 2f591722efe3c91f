import { consentChangeEvent, startRecipeRunsOrThrow } from "../../automations/start-runs.js";
import type { Services } from "../../runtime/services.js";
import { phoneOptOutFrom } from "../../store/phone-opt-outs.js";
import { restoredBy } from "./act-opt-in.js";
import type { RouteDecision } from "./decide-route.js";
import type { InboundContext } from "./inbound-context.js";
import { readPhoneConsentState } from "./phone-consent-state.js";

/**
 * STOP or START is a consent change for each patient on the phone whose consent this message
 * turned off or on (a family's shared phone has several; a second STOP turns nothing). Which ones
 * is read from what the message wrote, never from a before-and-after comparison a replay would
 * lose: a STOP revoked at the time its opt-out of the phone records, with that reason; a START
 * wrote a grant whose evidence names the message. So routing the message again after a crash
 * finds the same patients and the same times, and the runs, keyed by them, start once.
 */
interface ConsentTurn {
  patientRef: string;
  at: Date;
}

async function consentTurnedBy(services: Services, ctx: InboundContext, kind: "opt_out" | "opt_in"): Promise<ConsentTurn[]> {
  const optOut = kind === "opt_out" ? await phoneOptOutFrom(services.store, ctx.phoneIdx, ctx.inboundId) : null;
  if (kind === "opt_out" && !optOut) return [];
  const { patientRefs, latest } = await readPhoneConsentState(services, ctx.phoneIdx);
  const turns: ConsentTurn[] = [];
  for (const patientRef of patientRefs) {
    const consent = latest.get(patientRef);
    if (!consent) continue;
    if (optOut) {
      const revokedHere = consent.revokedAt?.getTime() === optOut.at.getTime() && consent.revokedScopes === undefined && consent.revokedReason === optOut.reason;
      if (revokedHere) turns.push({ patientRef, at: optOut.at });
    } else if (restoredBy(consent, ctx.sms.messageSid)) {
      turns.push({ patientRef, at: consent.capturedAt });
    }
  }
  return turns;
}

/**
 * Starts the consent runs of a STOP or START. Called before the message is marked routed, and a
 * run that cannot start is thrown, not swallowed: the message stays unrouted and is routed again.
 */
export async function startConsentAutomations(services: Services, ctx: InboundContext, decision: RouteDecision): Promise<void> {
  if (decision.kind !== "opt_out" && decision.kind !== "opt_in") return;
  for (const turn of await consentTurnedBy(services, ctx, decision.kind)) await startRecipeRunsOrThrow(services, consentChangeEvent(turn.patientRef, turn.at));
}
