import { RECIPE_REPLY_INTENTS } from "../../automations/recipe.js";
import { consentChanged, startRecipeRunsFor } from "../../automations/start-runs.js";
import type { ConsentRecord } from "../../store/consent-ledger.js";
import type { Services } from "../../runtime/services.js";
import type { RouteDecision } from "./decide-route.js";
import type { InboundContext } from "./inbound-context.js";
import { isRevoked, readPhoneConsentState, soleRecipient, type PhoneConsentState } from "./phone-consent-state.js";

/**
 * The automations a routed reply fires: a reply with an intent starts the recipes listening for
 * it (for the patient the answered prompt was about, or the phone's only patient), and STOP or
 * START is a consent change for each patient on the phone whose consent it turned off or on (a
 * family's shared phone has several; a second STOP changes nothing). Called once the reply is
 * routed, so what it starts never races it.
 */
const INTENTS: ReadonlySet<string> = new Set(RECIPE_REPLY_INTENTS);

function intentOf(decision: RouteDecision): string | null {
  if (decision.kind === "matched") return decision.intent;
  return decision.kind === "acknowledgement" || decision.kind === "unknown" ? decision.kind : null;
}

const live = (consent: ConsentRecord | null | undefined): boolean | null => (consent ? !isRevoked(consent) : null);

/** `before` is the phone as routing found it (ctx.state() is read once, before the STOP or START was applied). */
async function consentTurned(services: Services, before: PhoneConsentState): Promise<string[]> {
  const after = await readPhoneConsentState(services, before.phoneIdx);
  return before.patientRefs.filter((ref) => live(before.latest.get(ref)) !== live(after.latest.get(ref)));
}

export async function startReplyAutomations(services: Services, ctx: InboundContext, decision: RouteDecision): Promise<void> {
  if (decision.kind === "opt_out" || decision.kind === "opt_in") {
    for (const patientRef of await consentTurned(services, await ctx.state())) await consentChanged(services, patientRef, ctx.at);
    return;
  }
  const patientRef = decision.kind === "matched" ? decision.prompt.patientRef : soleRecipient(await ctx.state());
  if (!patientRef) return;
  const intent = intentOf(decision);
  if (intent && INTENTS.has(intent)) await startRecipeRunsFor(services, { kind: "reply.received", subjectRef: patientRef, replyRef: ctx.inboundId, intent });
}
