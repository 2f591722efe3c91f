import type { Appointment } from "@medplum/fhirtypes";
import { participantRef } from "../../../connectors/fhir/references.js";
import { resolveLocation } from "../../locations/resolve-location.js";
import { log } from "../../log.js";
import { decideConsent } from "../../policy/consent.js";
import type { Services } from "../../runtime/services.js";
import { latestConsentForPatient } from "../../store/consent-ledger.js";
import type { Prompt } from "../../store/prompts.js";
import { closeReplyChoice, openReplyChoice, openReplyChoiceFor } from "../../store/reply-choices.js";
import { readDestination } from "../destination.js";
import { replyLanguage, type ReplyLanguage } from "../reply-texts.js";
import { actMatched } from "./act-prompt-reply.js";
import { replyWith, type InboundContext, type RouteOutcome } from "./inbound-context.js";
import { contactLanguage } from "./phone-consent-state.js";

/**
 * A yes that several open waitlist offers on one phone could take (a family sharing a mobile, each
 * offered a slot). Guessing could book the wrong person, so the phone is asked which, by number:
 * "Reply 1 for Tue 3:00 PM, 2 for Wed 9:30 AM". The slot times are written only when every
 * offered patient may receive that detail on this number (the offers carried it too); otherwise
 * the options are the offers in the order they were texted. The number sent back books that offer.
 */
const ORDINALS: Record<ReplyLanguage, string[]> = {
  en: ["first", "second", "third", "fourth", "fifth", "sixth"],
  es: ["primera", "segunda", "tercera", "cuarta", "quinta", "sexta"],
};
const NUMBER_ONLY = /^\s*#?\s*(\d{1,2})\s*[.!]?\s*$/;

async function detailAllowed(services: Services, ctx: InboundContext, prompt: Prompt): Promise<boolean> {
  const consent = await latestConsentForPatient(services.store, services.crypto, prompt.patientRef);
  const { phoneVerified } = await readDestination(services, prompt.patientRef, ctx.phoneIdx);
  return decideConsent(consent, { scope: "waitlist", at: ctx.at, phoneVerified }).phiLevel !== "none";
}

async function slotTime(services: Services, prompt: Prompt, language: ReplyLanguage): Promise<string | null> {
  const fhir = services.sources.fhir;
  if (!fhir || !prompt.subjectRef.startsWith("Appointment/")) return null;
  const appointment = await fhir.read<Appointment>("Appointment", prompt.subjectRef.slice("Appointment/".length));
  if (!appointment.start) return null;
  const locationRef = participantRef(appointment.participant, "Location");
  const location = await resolveLocation(services, { ref: prompt.subjectRef, ...(locationRef ? { locationRef } : {}) });
  const format = new Intl.DateTimeFormat(language === "es" ? "es-US" : "en-US", { timeZone: location.timeZone, weekday: "short", hour: "numeric", minute: "2-digit" });
  return format.format(new Date(appointment.start));
}

async function optionLabels(services: Services, ctx: InboundContext, prompts: readonly Prompt[], language: ReplyLanguage): Promise<string[]> {
  const ordinal = (i: number) => (language === "es" ? `la ${ORDINALS.es[i] ?? String(i + 1)} oferta que le enviamos` : `the ${ORDINALS.en[i] ?? String(i + 1)} offer we texted`);
  const allowed = await Promise.all(prompts.map((p) => detailAllowed(services, ctx, p)));
  if (!allowed.every(Boolean)) return prompts.map((_, i) => ordinal(i));
  const times = await Promise.all(prompts.map((p) => slotTime(services, p, language)));
  return times.map((time, i) => time ?? ordinal(i));
}

/** Oldest offer first; offers opened in the same millisecond (one batch) by their key, so the numbers never depend on ids. */
function inOfferOrder(prompts: readonly Prompt[]): Prompt[] {
  return [...prompts].sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime() || a.signalKey.localeCompare(b.signalKey));
}

export async function actChoose(services: Services, ctx: InboundContext, openOffers: readonly Prompt[]): Promise<RouteOutcome> {
  const prompts = inOfferOrder(openOffers);
  const language = replyLanguage(ctx.detectedLanguage === "es" ? "es" : null, contactLanguage(await ctx.state()));
  const labels = await optionLabels(services, ctx, prompts, language);
  const joiner = language === "es" ? "para" : "for";
  const options = labels.map((label, i) => `${i + 1} ${joiner} ${label}`).join(", ");
  const choiceId = `chc-${ctx.inboundId}`;
  const expiresAt = new Date(Math.max(...prompts.map((p) => p.expiresAt.getTime())));
  await openReplyChoice(services.store, { id: choiceId, phoneIdx: ctx.phoneIdx, sender: ctx.sms.sender, signalKeys: prompts.map((p) => p.signalKey), expiresAt }, ctx.at);
  await replyWith(services, ctx, "choose-offer", `reply:${ctx.sms.messageSid}:choose-offer`, { options });
  log.info("reply.choice_asked", { inboundId: ctx.inboundId, options: prompts.length });
  return { intent: "choose", routedTo: choiceId, needsStaff: false };
}

/**
 * A bare number answering the phone's open question: the offer it names, while that offer is
 * still open. Anything else (another text, a number out of range, an offer since closed) is routed
 * as usual.
 */
export async function chosenOffer(services: Services, ctx: Pick<InboundContext, "phoneIdx" | "sms" | "prompts" | "at">): Promise<{ prompt: Prompt; choiceId: string } | null> {
  const match = NUMBER_ONLY.exec(ctx.sms.body);
  if (!match) return null;
  const choice = await openReplyChoiceFor(services.store, ctx.phoneIdx, ctx.sms.sender, ctx.at);
  const key = choice?.signalKeys[Number(match[1]) - 1];
  const prompt = key ? ctx.prompts.find((p) => p.signalKey === key) : undefined;
  return choice && prompt ? { prompt, choiceId: choice.id } : null;
}

/** The number books the offer it names; the question is then closed. */
export async function actChosen(services: Services, ctx: InboundContext, prompt: Prompt, choiceId: string): Promise<RouteOutcome> {
  const outcome = await actMatched(services, ctx, prompt, "accept");
  await closeReplyChoice(services.store, choiceId, ctx.at);
  return outcome;
}
