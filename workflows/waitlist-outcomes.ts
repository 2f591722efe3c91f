import { parseJsonColumn } from "../src/store/json-column.js";
import type { Store } from "../src/store/db.js";

/**
 * What became of a fill's offers, read from the audit log (each offer's policy decision is written
 * there with the slot as its subject): how many went out, how many were held back and why.
 * Candidates passed over before any offer was made are counted by the fill itself.
 */
export interface OfferOutcomes {
  sent: number;
  deferred: number;
  /** Reason code (quiet-hours, …) to the number of offers it held back. */
  deferredReasons: Record<string, number>;
  /** Offers the policy refused outright (no consent by then, an opt-out that came in meanwhile). */
  denied: number;
}

const OFFER_ACTOR = "workflow:waitlist-fill";
const DECISIONS = ["message.sent", "message.deferred", "message.skipped"];

export async function offerOutcomes(store: Pick<Store, "db">, cancelledRef: string): Promise<OfferOutcomes> {
  const rows = await store.db
    .selectFrom("audit_log")
    .select(["action", "reasons", "details"])
    .where("subject_ref", "=", cancelledRef)
    .where("actor", "=", OFFER_ACTOR)
    .where("action", "in", DECISIONS)
    .execute();
  const outcomes: OfferOutcomes = { sent: 0, deferred: 0, deferredReasons: {}, denied: 0 };
  for (const row of rows) {
    if (parseJsonColumn<{ templateId?: string }>(row.details, "audit_log.details").templateId !== "waitlist-offer") continue;
    if (row.action === "message.sent") outcomes.sent += 1;
    else if (row.action === "message.skipped") outcomes.denied += 1;
    else {
      outcomes.deferred += 1;
      const reason = parseJsonColumn<string[]>(row.reasons, "audit_log.reasons")[0] ?? "unknown";
      outcomes.deferredReasons[reason] = (outcomes.deferredReasons[reason] ?? 0) + 1;
    }
  }
  return outcomes;
}
