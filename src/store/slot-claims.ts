import type { Store } from "./db.js";

/**
 * The first YES wins: a primary-key insert, so exactly one caller gets true for a
 * slot on either database, however many replies arrive at the same instant.
 * A repeat claim by the winner also returns true (a retried step stays the winner).
 */
export async function claimSlot(store: Store, slotKey: string, patientRef: string, now = new Date()): Promise<boolean> {
  const inserted = await store.db
    .insertInto("slot_claims")
    .values({ slot_key: slotKey, patient_ref: patientRef, claimed_at: now.getTime() })
    .onConflict((oc) => oc.column("slot_key").doNothing())
    .returning("slot_key")
    .execute();
  if (inserted.length === 1) return true;
  return (await slotClaimant(store, slotKey)) === patientRef;
}

/** Who holds the slot, if anyone. */
export async function slotClaimant(store: Store, slotKey: string): Promise<string | null> {
  const row = await store.db.selectFrom("slot_claims").select("patient_ref").where("slot_key", "=", slotKey).executeTakeFirst();
  return row?.patient_ref ?? null;
}

/** Frees a claim whose booking failed (the EHR refused), so the next YES can win. */
export async function releaseSlot(store: Store, slotKey: string, patientRef: string): Promise<boolean> {
  const result = await store.db.deleteFrom("slot_claims").where("slot_key", "=", slotKey).where("patient_ref", "=", patientRef).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
