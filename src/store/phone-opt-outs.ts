/**
 * Numbers that opted out: the phone texted STOP (in any wording) or the carrier reported it
 * unsubscribed (21610). It stays opted out until the phone texts an explicit opt-in word or the
 * patient's written re-consent is recorded. Nothing is texted to it meanwhile but the answers
 * carriers require (the one confirmation, HELP, START), and no new consent or code reaches it.
 */
import type { Store } from "./db.js";
import { prepared } from "./prepared-query.js";

export interface PhoneOptOut {
  at: Date;
  reason: string;
  sourceRef: string;
}

/** A later opt-out replaces the phone's; the same one recorded again (a STOP routed twice) keeps its first time. */
export async function recordPhoneOptOut(store: Store, phoneIdx: string, optOut: PhoneOptOut): Promise<void> {
  const at = optOut.at.getTime();
  const values = { opted_out_at: at, reason: optOut.reason, source_ref: optOut.sourceRef.slice(0, 200), opted_in_at: null, opted_in_via: null, updated_at: at };
  await store.db
    .insertInto("phone_opt_outs")
    .values({ phone_idx: phoneIdx, ...values })
    .onConflict((oc) => oc.column("phone_idx").doUpdateSet(values).where("phone_opt_outs.opted_out_at", "<=", at).where("phone_opt_outs.source_ref", "<>", values.source_ref))
    .execute();
}

/** The phone opted back in: START from it, or a written re-consent. Returns true when it was opted out. */
export async function recordPhoneOptIn(store: Store, phoneIdx: string, via: "sms-keyword" | "reconsent", at: Date): Promise<boolean> {
  const result = await store.db
    .updateTable("phone_opt_outs")
    .set({ opted_in_at: at.getTime(), opted_in_via: via, updated_at: at.getTime() })
    .where("phone_idx", "=", phoneIdx)
    .where("opted_in_at", "is", null)
    .where("opted_out_at", "<=", at.getTime())
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

const selectStanding = prepared((db, v: { phoneIdx: string }) => db.selectFrom("phone_opt_outs").selectAll().where("phone_idx", "=", v.phoneIdx).where("opted_in_at", "is", null));

/** The standing opt-out of this phone, or null when it never opted out or opted back in. */
export async function phoneOptOut(store: Store, phoneIdx: string | null | undefined): Promise<PhoneOptOut | null> {
  if (!phoneIdx) return null;
  const { rows } = await selectStanding.execute(store.db, { phoneIdx });
  const row = rows[0];
  return row ? { at: new Date(Number(row.opted_out_at)), reason: row.reason, sourceRef: row.source_ref } : null;
}

/**
 * The phone's opt-out if this source (the STOP's inbound id) recorded it, opted back in since or
 * not: it says when that STOP revoked, long after the message was routed. A later opt-out replaces it.
 */
export async function phoneOptOutFrom(store: Store, phoneIdx: string, sourceRef: string): Promise<PhoneOptOut | null> {
  const row = await store.db.selectFrom("phone_opt_outs").selectAll().where("phone_idx", "=", phoneIdx).where("source_ref", "=", sourceRef.slice(0, 200)).executeTakeFirst();
  return row ? { at: new Date(Number(row.opted_out_at)), reason: row.reason, sourceRef: row.source_ref } : null;
}
