import { z } from "zod";
import { defineWorkflow, ref } from "../src/engine/port.js";
import { senderFor } from "../src/locations/resolve-location.js";
import { log } from "../src/log.js";
import { sendOutreach } from "../src/messaging/send-outreach.js";
import type { Services } from "../src/runtime/services.js";
import { appendEvent } from "../src/store/events.js";
import { getContact } from "../src/store/contacts.js";
import { closePrompt, openPrompt } from "../src/store/prompts.js";
import { slotClaimant } from "../src/store/slot-claims.js";
import { setWaitlistStatus } from "../src/store/waitlist.js";
import { stepOrRetryLater, type SourceLogRefs } from "./read-retry.js";
import type { GetServices } from "./services-getter.js";
import { claimAndBook } from "./waitlist-claim.js";
import { offerCutoff, readFreedSlot, slotLocation } from "./waitlist-slot.js";
import { offerKey, slotFilledSignalKey, slotKey } from "./workflow-keys.js";

/**
 * One offer of a freed slot to one waitlisted patient, held for `holdMinutes`. Each offer waits
 * on its own signal key, so replies that arrive at the same instant are never merged; the store's
 * slot claim then picks exactly one winner. While the EHR cannot be reached, the offer and the
 * booking wait and try again instead of failing the run (see waitlist-claim.ts for why a retried
 * booking never books twice).
 */
export const waitlistOfferInput = z.object({ cancelledRef: ref(), waitlistRef: ref(), patientRef: ref() });
export type WaitlistOfferInput = z.infer<typeof waitlistOfferInput>;

const ACTOR = "workflow:waitlist-fill";

type Sent = { sent: true; holdUntilMs: number } | { sent: false; reason: string };

async function sendOffer(services: Services, input: WaitlistOfferInput, key: string): Promise<Sent> {
  const freed = await readFreedSlot(services, input.cancelledRef);
  if (!freed) return { sent: false, reason: "slot-gone" };
  const now = services.clock.now();
  const { holdMinutes } = services.config.waitlist;
  const location = await slotLocation(services, input.cancelledRef, freed.slot);
  // An offer that waited for the EHR may come late: never for a slot already won or past the cutoff.
  if (await slotClaimant(services.store, slotKey(input.cancelledRef))) return { sent: false, reason: "claimed" };
  if (now.getTime() >= offerCutoff(services, freed.slot, location).getTime()) return { sent: false, reason: "cutoff" };
  const holdUntilMs = Math.min(now.getTime() + holdMinutes * 60_000, freed.slot.start.getTime());
  // One read of the contact serves the decision and the question the offer asks.
  const contact = await getContact(services.store, services.crypto, input.patientRef);
  const result = await sendOutreach(services, {
    patientRef: input.patientRef,
    scope: "waitlist",
    templateId: "waitlist-offer",
    values: { slot: { start: freed.slot.start }, offer: { holdMinutes } },
    effectKey: `waitlist-offer:${key}`,
    actor: ACTOR,
    subjectRef: input.cancelledRef,
    location,
  }, contact);
  // A deferred offer is not worth keeping: the slot will not wait for quiet hours to end.
  if (result.outcome !== "sent") return { sent: false, reason: result.outcome };
  if (!contact?.phoneIdx) throw new Error(`Offer ${key} was sent but the contact has no phone index; re-run sync to refresh contacts.`);
  await openPrompt(services.store, { phoneIdx: contact.phoneIdx, sender: senderFor(services, location), patientRef: input.patientRef, kind: "waitlist-offer", subjectRef: input.cancelledRef, expecting: ["accept", "decline"], signalKey: key, expiresAt: new Date(holdUntilMs) }, now);
  if (!input.waitlistRef.startsWith("Appointment/")) await setWaitlistStatus(services.store, input.waitlistRef, "offered");
  await appendEvent(services.store, { id: `evt-waitlist.offer_sent-${key}`, type: "waitlist.offer_sent", refs: { cancelledRef: input.cancelledRef, waitlistRef: input.waitlistRef, patientRef: input.patientRef }, occurredAt: now });
  return { sent: true, holdUntilMs };
}

async function endOffer(services: Services, input: WaitlistOfferInput, key: string): Promise<void> {
  await closePrompt(services.store, key, services.clock.now());
  // minnow's own entry goes back to waiting for the next opening.
  if (!input.waitlistRef.startsWith("Appointment/")) await setWaitlistStatus(services.store, input.waitlistRef, "waiting");
}

function intentOf(answer: unknown): string {
  return typeof answer === "object" && answer !== null && typeof (answer as { intent?: unknown }).intent === "string" ? (answer as { intent: string }).intent : "unknown";
}

export function createWaitlistOffer(getServices: GetServices) {
  return defineWorkflow({
    id: "waitlist-offer",
    input: waitlistOfferInput,
    async run(input, step) {
      const services = await getServices();
      const key = offerKey(services, input.cancelledRef, input.waitlistRef);
      const logRefs: SourceLogRefs = { workflowId: "waitlist-offer", cancelledRef: input.cancelledRef, waitlistRef: input.waitlistRef };
      const sent = await stepOrRetryLater(step, services, "offer", logRefs, () => sendOffer(services, input, key));
      if (!sent.sent) return { outcome: "not-offered", reason: sent.reason };
      const answer = await step.waitForSignal("answer", { key, until: new Date(sent.holdUntilMs) });
      const intent = answer === null ? "expired" : intentOf(answer);
      if (intent !== "accept") {
        await step.run("end", () => endOffer(services, input, key));
        log.info("waitlist.offer_ended", { cancelledRef: input.cancelledRef, waitlistRef: input.waitlistRef, intent });
        return { outcome: intent };
      }
      const claim = await stepOrRetryLater(step, services, "claim", logRefs, () => claimAndBook(services, { ...input, offerKey: key }));
      if (claim.won) {
        await step.run("announce", () => services.engine.signal(slotFilledSignalKey(input.cancelledRef), { bookedRef: claim.bookedRef }));
      } else if (!input.waitlistRef.startsWith("Appointment/")) {
        await step.run("end", () => endOffer(services, input, key));
      }
      return { outcome: claim.won ? "booked" : claim.reason };
    },
  });
}
