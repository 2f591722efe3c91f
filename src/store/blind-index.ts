/**
 * Blind indexes: a keyed HMAC-SHA256 of a normalized value, so the store can find
 * rows by phone without storing the phone in the clear.
 *
 * The index key is NOT the data key. Indexes must stay equal across data-key
 * rotation, or every lookup would miss until each row was re-indexed. So the index
 * key is random, generated once per store, and kept in `store_keys`, encrypted under
 * the data key like any other secret: rotation re-encrypts it but never changes it.
 * It travels with the database (backups, several servers on one Postgres) and is
 * useless without the data key. Someone holding only the database sees HMACs they
 * cannot test guesses against.
 */
import { createHmac } from "node:crypto";
import type { CountryCode } from "libphonenumber-js";
import { parsePhone } from "../policy/parse-phone.js";
import type { Cipher } from "./crypto.js";
import type { Store } from "./db.js";
import { loadStoreKey } from "./store-keys.js";

const INDEX_KEY_PURPOSE = "blind-index";

export class InvalidPhoneError extends Error {
  override name = "InvalidPhoneError";
}

/** The E.164 form of a phone number; throws without quoting the number (it is PHI). */
export function normalizePhone(phone: string, defaultCountry: CountryCode = "US"): string {
  const parsed = parsePhone(phone, defaultCountry);
  if (!parsed?.possible) {
    throw new InvalidPhoneError("Phone number is not a possible number: give it in E.164 form, e.g. +13125550100.");
  }
  return parsed.number;
}

export interface BlindIndex {
  /** Index of a phone number in any common format: equal for equal numbers. */
  phone(phone: string): string;
  /** Keyed hash of a value under a named purpose (e.g. one-time codes). */
  hmac(purpose: string, value: string): string;
}

export function createBlindIndex(indexKey: Buffer, defaultCountry: CountryCode = "US"): BlindIndex {
  if (indexKey.length < 32) throw new Error("Blind-index key must be at least 32 bytes.");
  const hmac = (purpose: string, value: string): string =>
    createHmac("sha256", indexKey).update(`${purpose}\u0000${value}`).digest("base64url");
  return { hmac, phone: (phone) => hmac("phone", normalizePhone(phone, defaultCountry)) };
}

/** Reads the store's index key, creating it on first use (safe when two processes race). */
export function loadIndexKey(store: Store, cipher: Cipher): Promise<Buffer> {
  return loadStoreKey(store, cipher, INDEX_KEY_PURPOSE);
}
