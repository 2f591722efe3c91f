import { errorKind, log } from "../../log.js";
import { recordReply } from "../../metrics/registry.js";
import type { Services } from "../../runtime/services.js";
import { getInbound, markInboundRouted, readInboundContent, recordInbound, type InboundMessage } from "../../store/inbound-messages.js";
import { withProcessLock } from "../../store/process-lock.js";
import { listOpenPrompts } from "../../store/prompts.js";
import { actAcknowledgement } from "./act-acknowledgement.js";
import { actHelp } from "./act-help.js";
import { actOptIn } from "./act-opt-in.js";
import { actOptOut } from "./act-opt-out.js";
import { actChoose, actChosen, chosenOffer } from "./act-choose.js";
import { actAmbiguous, actMatched } from "./act-prompt-reply.js";
import { actUnrecognized } from "./act-unrecognized.js";
import { actWrongNumber } from "./act-wrong-number.js";
import { withCarrierKeyword } from "./carrier-keyword.js";
import { decideRoute, type RouteDecision } from "./decide-route.js";
import type { InboundContext, RouteOutcome } from "./inbound-context.js";
import { carrierKeyword, type InboundSms } from "./inbound-sms.js";
import { readPhoneConsentState, type PhoneConsentState } from "./phone-consent-state.js";
import { startConsentAutomations } from "./consent-automations.js";
import { startReplyAutomations } from "./reply-automations.js";

/**
 * A message recorded but still unrouted this long after it arrived is taken to be lost (the process
 * died mid-way) and is routed again by a Twilio retry or by recoverUnroutedInbound. Sooner, it may
 * still be queued or running, and routing it twice would race.
 */
export const REROUTE_AFTER_MS = 60_000;

export type AcceptResult = { status: "accepted" | "duplicate"; inboundId: string; needsRouting: boolean };

/**
 * Records an inbound SMS once (unique on MessageSid); the body and phone are stored encrypted. Says
 * whether it needs routing: a new message does, and so does a duplicate whose first delivery died
 * before finishing. Anything else is a Twilio retry of a message already handled.
 */
export async function acceptInbound(services: Services, sms: InboundSms): Promise<AcceptResult> {
  const at = services.clock.now();
  const recorded = await recordInbound(services.store, services.crypto, { providerSid: sms.messageSid, phone: sms.from, sender: sms.sender, body: sms.body, receivedAt: at, optOutType: sms.optOutType ?? null });
  if (recorded.isNew) return { status: "accepted", inboundId: recorded.id, needsRouting: true };
  const existing = await getInbound(services.store, recorded.id);
  const unfinished = existing !== null && existing.intent === null && at.getTime() - existing.receivedAt.getTime() >= REROUTE_AFTER_MS;
  if (unfinished) log.warn("inbound.rerouting_unfinished", { inboundId: recorded.id });
  return { status: "duplicate", inboundId: recorded.id, needsRouting: unfinished };
}

function act(services: Services, ctx: InboundContext, decision: RouteDecision): Promise<RouteOutcome> {
  switch (decision.kind) {
    case "opt_out":
      return actOptOut(services, ctx, decision);
    case "wrong_number":
      return actWrongNumber(services, ctx);
    case "acknowledgement":
      return actAcknowledgement();
    case "opt_in":
      return actOptIn(services, ctx);
    case "help":
      return actHelp(services, ctx);
    case "matched":
      return actMatched(services, ctx, decision.prompt, decision.intent);
    case "ambiguous":
      return actAmbiguous(services, ctx, decision.prompts);
    case "choose":
      return actChoose(services, ctx, decision.prompts);
    case "unknown":
      return actUnrecognized(services, ctx);
  }
}

/**
 * Classifies a recorded message against the prompts open on that phone and sender, acts, and
 * marks it routed last. Every action is safe to repeat (effect keys, deterministic event ids,
 * revocations that find nothing left), so an interrupted routing is finished by running it again.
 * Returns null when the message is unknown or was already routed.
 *
 * Messages from one phone are routed one at a time, oldest first, even by processes sharing one
 * Postgres (each may have taken one of the phone's webhooks): under that phone's process lock, any
 * earlier message still unrouted (its process died, or it is queued elsewhere) is routed first, so
 * "STOP" then "START" is applied in that order, and no message is routed by two processes at once.
 */
export async function routeInbound(services: Services, inboundId: string): Promise<RouteOutcome | null> {
  const row = await getInbound(services.store, inboundId);
  if (!row || row.intent !== null) return null;
  return withProcessLock(services.store, `inbound-phone:${row.phoneIdx}`, async () => {
    for (const earlierId of await unroutedEarlier(services, row)) {
      try {
        await routeUnlocked(services, earlierId);
      } catch (err) {
        log.error("inbound.route_failed", { inboundId: earlierId, error: errorKind(err) });
      }
    }
    return routeUnlocked(services, inboundId);
  });
}

async function unroutedEarlier(services: Services, row: InboundMessage): Promise<string[]> {
  const at = row.receivedAt.getTime();
  const rows = await services.store.db
    .selectFrom("inbound_messages")
    .select("id")
    .where("phone_idx", "=", row.phoneIdx)
    .where("intent", "is", null)
    // Strictly earlier: ids do not order messages received in the same millisecond, the router's queue does.
    .where("received_at", "<", at)
    .orderBy("received_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

async function routeUnlocked(services: Services, inboundId: string): Promise<RouteOutcome | null> {
  const { store, crypto } = services;
  const [row, content] = await Promise.all([getInbound(store, inboundId), readInboundContent(store, crypto, inboundId)]);
  if (!row || !content || row.intent !== null) return null;
  const optOutType = carrierKeyword(row.optOutType);
  const sms: InboundSms = { messageSid: row.providerSid, from: content.phone, sender: row.sender, body: content.body ?? "", ...(optOutType ? { optOutType } : {}) };
  const at = services.clock.now();
  // A reply answers only what was asked before it arrived: one routed late (after a crash) must
  // not answer a question opened since, such as one its own START set off.
  const prompts = (await listOpenPrompts(store, row.phoneIdx, row.sender, at)).filter((p) => p.openedAt <= row.receivedAt);
  // A bare number answers the numbered question a shared phone was asked (act-choose.ts).
  const chosen = await chosenOffer(services, { phoneIdx: row.phoneIdx, sms, prompts, at });
  const decision = withCarrierKeyword(decideRoute(sms.body, prompts), sms);
  let state: Promise<PhoneConsentState> | undefined;
  const ctx: InboundContext = {
    sms,
    inboundId,
    phoneIdx: row.phoneIdx,
    prompts,
    state: () => (state ??= readPhoneConsentState(services, row.phoneIdx)),
    ...(decision.language ? { detectedLanguage: decision.language } : {}),
    carrierAnswered: sms.optOutType !== undefined,
    at,
  };
  const outcome = chosen ? await actChosen(services, ctx, chosen.prompt, chosen.choiceId) : await act(services, ctx, decision);
  // Before the mark: consent runs of a STOP or START that could not start leave the message to be routed again.
  if (!chosen) await startConsentAutomations(services, ctx, decision);
  await markInboundRouted(store, inboundId, outcome);
  if (!chosen) await startReplyAutomations(services, ctx, decision);
  log.info("inbound.routed", { inboundId, intent: outcome.intent, needsStaff: outcome.needsStaff, openPrompts: prompts.length });
  recordReply(outcome.intent);
  return outcome;
}

/** Ids of messages recorded at least `olderThanMs` ago and never routed, oldest first (for recovery). */
export async function unroutedInboundIds(services: Services, olderThanMs = REROUTE_AFTER_MS, limit = 1_000): Promise<string[]> {
  const before = services.clock.now().getTime() - olderThanMs;
  const rows = await services.store.db
    .selectFrom("inbound_messages")
    .select("id")
    .where("intent", "is", null)
    .where("received_at", "<=", before)
    .orderBy("received_at")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
