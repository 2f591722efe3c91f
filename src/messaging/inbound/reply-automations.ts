import { RECIPE_REPLY_INTENTS } from "../../automations/recipe.js";
import { startRecipeRunsFor } from "../../automations/start-runs.js";
import type { Services } from "../../runtime/services.js";
import type { RouteDecision } from "./decide-route.js";
import type { InboundContext } from "./inbound-context.js";
import { soleRecipient } from "./phone-consent-state.js";

/**
 * The automations a routed reply with an intent fires: the recipes listening for it start, for the
 * patient the answered prompt was about, or the phone's only patient. Called once the reply is
 * routed, so what it starts (a question of its own) never races it. STOP and START are consent
 * changes instead (consent-automations.ts).
 */
const INTENTS: ReadonlySet<string> = new Set(RECIPE_REPLY_INTENTS);

function intentOf(decision: RouteDecision): string | null {
  if (decision.kind === "matched") return decision.intent;
  return decision.kind === "acknowledgement" || decision.kind === "unknown" ? decision.kind : null;
}

export async function startReplyAutomations(services: Services, ctx: InboundContext, decision: RouteDecision): Promise<void> {
  const intent = intentOf(decision);
  if (!intent || !INTENTS.has(intent)) return;
  const patientRef = decision.kind === "matched" ? decision.prompt.patientRef : soleRecipient(await ctx.state());
  if (patientRef) await startRecipeRunsFor(services, { kind: "reply.received", subjectRef: patientRef, replyRef: ctx.inboundId, intent });
}
