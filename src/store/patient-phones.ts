/**
 * One number's standing for one patient, keyed by the phone's blind index so the exact E.164
 * number is compared without decrypting anything. A verification proves that this number reaches
 * this patient (a code, their reply to a prompt, the practice's attestation), and nothing else:
 * a consent verified on one phone unlocks no detail in texts to another. A "wrong number" from
 * the phone stops every text to the patient there, until a code proves the number again.
 */
import type { PhoneVerifiedVia } from "./core-tables.js";
import type { Store } from "./db.js";
import { prepared } from "./prepared-query.js";

export type { PhoneVerifiedVia };

export interface PhoneStanding {
  verified: boolean;
  via: PhoneVerifiedVia | null;
  wrongNumber: boolean;
}

const UNKNOWN: PhoneStanding = { verified: false, via: null, wrongNumber: false };

const selectPhone = prepared((db, v: { patientRef: string; phoneIdx: string }) => db.selectFrom("patient_phones").selectAll().where("patient_ref", "=", v.patientRef).where("phone_idx", "=", v.phoneIdx));

export async function phoneStanding(store: Store, patientRef: string, phoneIdx: string | null | undefined): Promise<PhoneStanding> {
  if (!phoneIdx) return UNKNOWN;
  const { rows } = await selectPhone.execute(store.db, { patientRef, phoneIdx });
  const row = rows[0];
  if (!row) return UNKNOWN;
  const wrongNumber = row.wrong_number_at != null;
  return { verified: row.verified_at != null && !wrongNumber, via: row.verified_via, wrongNumber };
}

export interface PhoneProof {
  patientRef: string;
  phoneIdx: string;
  via: PhoneVerifiedVia;
  evidence: string;
  at: Date;
}

/**
 * Records that the number reaches the patient. Returns true when this changed something (the
 * caller audits it), false when it was verified already or the number stands reported wrong and
 * the proof is not a code: only a code typed back proves a number someone called wrong.
 */
export async function markPhoneVerified(store: Store, proof: PhoneProof): Promise<boolean> {
  const at = proof.at.getTime();
  const verified = { verified_at: at, verified_via: proof.via, verified_evidence: proof.evidence.slice(0, 500), updated_at: at };
  const current = await phoneStanding(store, proof.patientRef, proof.phoneIdx);
  if (current.verified) return false;
  if (current.wrongNumber && proof.via !== "code") return false;
  await store.db
    .insertInto("patient_phones")
    .values({ patient_ref: proof.patientRef, phone_idx: proof.phoneIdx, ...verified })
    .onConflict((oc) => oc.columns(["patient_ref", "phone_idx"]).doUpdateSet({ ...verified, wrong_number_at: null, wrong_number_evidence: null }))
    .execute();
  return true;
}

/** Records "wrong number" for the patient at this phone; returns true when it was not recorded already. */
export async function markWrongNumber(store: Store, input: { patientRef: string; phoneIdx: string; evidence: string; at: Date }): Promise<boolean> {
  const current = await phoneStanding(store, input.patientRef, input.phoneIdx);
  if (current.wrongNumber) return false;
  const at = input.at.getTime();
  const wrong = { wrong_number_at: at, wrong_number_evidence: input.evidence.slice(0, 200), verified_at: null, verified_via: null, verified_evidence: null, updated_at: at };
  await store.db
    .insertInto("patient_phones")
    .values({ patient_ref: input.patientRef, phone_idx: input.phoneIdx, ...wrong })
    .onConflict((oc) => oc.columns(["patient_ref", "phone_idx"]).doUpdateSet(wrong))
    .execute();
  return true;
}
