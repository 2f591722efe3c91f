/**
 * One-time codes that prove a consent's phone reaches the patient. Only an HMAC
 * of the code is stored; each check spends an attempt before it compares, so
 * parallel guesses cannot exceed the limit.
 */
import { randomInt, timingSafeEqual } from "node:crypto";
import { markConsentPhoneVerified } from "./consent-ledger.js";
import type { Store } from "./db.js";
import { newId } from "./ids.js";
import { markPhoneVerified } from "./patient-phones.js";
import type { StoreCrypto } from "./store-crypto.js";

export type VerificationOutcome = "verified" | "wrong-code" | "expired" | "too-many-attempts" | "no-code";

export const DEFAULT_CODE_TTL_MS = 10 * 60_000;
export const DEFAULT_MAX_ATTEMPTS = 5;

export function generateVerificationCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, "0");
}

const codeHash = (crypto: StoreCrypto, verificationId: string, code: string) => crypto.index.hmac("otp", `${verificationId}:${code.trim()}`);

/** Stores a new code for the consent, replacing any earlier open one; returns the verification id. */
export async function startPhoneVerification(
  store: Store,
  crypto: StoreCrypto,
  consentId: string,
  code: string,
  opts: { ttlMs?: number; now?: Date } = {},
): Promise<string> {
  const now = (opts.now ?? new Date()).getTime();
  const id = newId("otp", now);
  await store.db.updateTable("phone_verifications").set({ expires_at: now }).where("consent_id", "=", consentId).where("verified_at", "is", null).where("expires_at", ">", now).execute();
  await store.db
    .insertInto("phone_verifications")
    .values({ id, consent_id: consentId, code_hash: codeHash(crypto, id, code), expires_at: now + (opts.ttlMs ?? DEFAULT_CODE_TTL_MS), attempts: 0, verified_at: null, created_at: now })
    .execute();
  return id;
}

/** Checks a code against the consent's latest verification; a match marks the consent's phone verified. */
export async function checkPhoneVerification(
  store: Store,
  crypto: StoreCrypto,
  consentId: string,
  code: string,
  opts: { maxAttempts?: number; now?: Date } = {},
): Promise<VerificationOutcome> {
  const now = (opts.now ?? new Date()).getTime();
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const latest = await store.db.selectFrom("phone_verifications").selectAll().where("consent_id", "=", consentId).orderBy("created_at", "desc").orderBy("id", "desc").limit(1).executeTakeFirst();
  if (!latest) return "no-code";
  if (latest.verified_at != null) return "verified";
  if (Number(latest.expires_at) <= now) return "expired";
  const spent = await store.db
    .updateTable("phone_verifications")
    .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
    .where("id", "=", latest.id)
    .where("attempts", "<", maxAttempts)
    .executeTakeFirst();
  if (Number(spent.numUpdatedRows) === 0) return "too-many-attempts";
  const expected = Buffer.from(latest.code_hash);
  const given = Buffer.from(codeHash(crypto, latest.id, code));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "wrong-code";
  await store.db.updateTable("phone_verifications").set({ verified_at: now }).where("id", "=", latest.id).execute();
  await markConsentPhoneVerified(store, consentId);
  // The proof is for this consent's exact number, and only that number.
  const consent = await store.db.selectFrom("consents").select(["patient_ref", "phone_idx"]).where("id", "=", consentId).executeTakeFirstOrThrow();
  await markPhoneVerified(store, { patientRef: consent.patient_ref, phoneIdx: consent.phone_idx, via: "code", evidence: latest.id, at: new Date(now) });
  return "verified";
}
