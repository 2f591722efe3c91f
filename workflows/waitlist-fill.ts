import { z } from "zod";
import { defineWorkflow, ref, type WorkflowDefinition } from "../src/engine/port.js";
import { log } from "../src/log.js";
import type { Services } from "../src/runtime/services.js";
import { appendAudit } from "../src/store/audit-log.js";
import { appendEvent } from "../src/store/events.js";
import { stepOrRetryLater, type SourceLogRefs } from "./read-retry.js";
import type { GetServices } from "./services-getter.js";
import { gatherCandidates, pickBatch, type Candidate } from "./waitlist-candidates.js";
import { offerOutcomes } from "./waitlist-outcomes.js";
import type { WaitlistOfferInput } from "./waitlist-offer.js";
import { isHl7Ref, offerCutoff, readFreedSlot, slotLocation, slotState } from "./waitlist-slot.js";
import { slotFilledSignalKey } from "./workflow-keys.js";

/**
 * Fills a slot freed by a cancelled appointment from the waitlist: offers in batches of
 * `batchSize`, each held `holdMinutes`, never later than `cutoffHours` before the start (counted in the
 * slot's location zone). Only waitlisters who asked for that location, or any, are offered it. Before each
 * batch it checks the slot is still free (staff may have filled it); the first YES stops it. When
 * the EHR cannot be read, it tries again later rather than failing (and losing) the fill.
 */
export const waitlistFillInput = z.object({ cancelledRef: ref() });
export type WaitlistFillInput = z.infer<typeof waitlistFillInput>;

type BatchPlan = { action: "offer"; picks: Candidate[]; cursor: number; skipped: number; holdUntilMs: number } | { action: "stop"; reason: string; skipped: number };

async function prepare(services: Services, cancelledRef: string): Promise<{ candidates: Candidate[] } | { stop: string }> {
  const freed = await readFreedSlot(services, cancelledRef);
  if (!freed) return { stop: "slot-gone" };
  // The EHR's own waitlist can be booked only into the EHR's slots; an HL7 slot is offered to minnow's.
  return { candidates: await gatherCandidates(services, freed.slot, freed.patientRef, { ehrWaitlist: !isHl7Ref(cancelledRef) }) };
}

async function planBatch(services: Services, cancelledRef: string, candidates: readonly Candidate[], cursor: number): Promise<BatchPlan> {
  const state = await slotState(services, cancelledRef);
  if (state !== "free") return { action: "stop", reason: state, skipped: 0 };
  const freed = await readFreedSlot(services, cancelledRef);
  if (!freed) return { action: "stop", reason: "gone", skipped: 0 };
  const { batchSize, holdMinutes } = services.config.waitlist;
  const now = services.clock.now().getTime();
  const cutoff = offerCutoff(services, freed.slot, await slotLocation(services, cancelledRef, freed.slot)).getTime();
  if (now >= cutoff) return { action: "stop", reason: "cutoff", skipped: 0 };
  const batch = await pickBatch(services, candidates, cursor, batchSize);
  if (batch.picks.length === 0) return { action: "stop", reason: "no-candidates", skipped: batch.skipped };
  return { action: "offer", picks: batch.picks, cursor: batch.cursor, skipped: batch.skipped, holdUntilMs: Math.min(now + holdMinutes * 60_000, cutoff) };
}

/**
 * The fill's end, with honest counts: offers sent, offers held back (deferred, with their reasons,
 * or refused by the policy) and candidates skipped before an offer was made. `attempted` is how
 * many offers were started; an offer still on its way when the fill ends is in none of the others.
 */
async function finish(services: Services, cancelledRef: string, reason: string, attempted: number, skipped: number): Promise<void> {
  const at = services.clock.now();
  const o = await offerOutcomes(services.store, cancelledRef);
  const counts = { attempted, sent: o.sent, deferred: o.deferred, deferredReasons: Object.entries(o.deferredReasons).map(([why, n]) => `${why}:${n}`), skipped: skipped + o.denied };
  if (reason !== "claimed") {
    await appendEvent(services.store, { id: `evt-waitlist.expired-${cancelledRef}`, type: "waitlist.expired", refs: { cancelledRef }, data: { reason, offered: o.sent }, occurredAt: at });
  }
  await appendAudit(services.store, { actor: "workflow:waitlist-fill", action: "waitlist.fill_ended", subjectRef: cancelledRef, decision: reason === "claimed" ? "filled" : "unfilled", reasons: [reason], details: counts, at });
  log.info("waitlist.fill_ended", { cancelledRef, reason, ...counts });
}

export function createWaitlistFill(getServices: GetServices, deps: { waitlistOffer: WorkflowDefinition<WaitlistOfferInput> }) {
  return defineWorkflow({
    id: "waitlist-fill",
    input: waitlistFillInput,
    async run(input, step) {
      const services = await getServices();
      const { cancelledRef } = input;
      const logRefs: SourceLogRefs = { workflowId: "waitlist-fill", cancelledRef };
      const prepared = await stepOrRetryLater(step, services, "candidates", logRefs, () => prepare(services, cancelledRef));
      if ("stop" in prepared) {
        await step.run("finish", () => finish(services, cancelledRef, prepared.stop, 0, 0));
        return { outcome: prepared.stop, offered: 0 };
      }
      let cursor = 0;
      let offered = 0;
      let skipped = 0;
      for (let batch = 0; ; batch++) {
        const plan = await stepOrRetryLater(step, services, `batch:${batch}`, logRefs, () => planBatch(services, cancelledRef, prepared.candidates, cursor));
        skipped += plan.skipped;
        if (plan.action === "stop") {
          await step.run("finish", () => finish(services, cancelledRef, plan.reason, offered, skipped));
          return { outcome: plan.reason === "claimed" ? "filled" : plan.reason, offered };
        }
        for (const pick of plan.picks) {
          await step.start(deps.waitlistOffer, { cancelledRef, waitlistRef: pick.waitlistRef, patientRef: pick.patientRef }, { key: `offer:${cancelledRef}:${pick.waitlistRef}` });
        }
        offered += plan.picks.length;
        cursor = plan.cursor;
        const filled = await step.waitForSignal(`hold:${batch}`, { key: slotFilledSignalKey(cancelledRef), until: new Date(plan.holdUntilMs) });
        if (filled !== null) {
          await step.run("finish", () => finish(services, cancelledRef, "claimed", offered, skipped));
          return { outcome: "filled", offered };
        }
      }
    },
  });
}
