import { RECIPE_REPLY_INTENTS } from "../../automations/recipe.js";
import { consentChanged, startRecipeRunsFor } from "../../automations/start-runs.js";
import type { Services } from "../../runtime/services.js";
import type { RouteDecision } from "./decide-route.js";
import type { InboundContext } from "./inbound-context.js";
import { soleRecipient } from "./phone-consent-state.js";

/**
 * The automations a routed reply fires: a reply with an intent starts the recipes listening for
 * it (for the patient the answered prompt was about, or the phone's only patient), and STOP or
 * START is a consent change. Called once the reply is routed, so what it starts never races it.
 */
const INTENTS: ReadonlySet<string> = new Set(RECIPE_REPLY_INTENTS);

function intentOf(decision: RouteDecision): string | null {
  if (decision.kind === "matched") return decision.intent;
  return decision.kind === "acknowledgement" || decision.kind === "unknown" ? decision.kind : null;
}

export async function startReplyAutomations(services: Services, ctx: InboundContext, decision: RouteDecision): Promise<void> {
  const patientRef = decision.kind === "matched" ? decision.prompt.patientRef : soleRecipient(await ctx.state());
  if (!patientRef) return;
  if (decision.kind === "opt_out" || decision.kind === "opt_in") {
    await consentChanged(services, patientRef, ctx.at);
    return;
  }
  const intent = intentOf(decision);
  if (intent && INTENTS.has(intent)) await startRecipeRunsFor(services, { kind: "reply.received", subjectRef: patientRef, replyRef: ctx.inboundId, intent });
}
