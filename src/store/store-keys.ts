/**
 * Keys the store keeps for itself (the blind-index key, the audit key): random, generated once per
 * store, kept in `store_keys` encrypted under the data key. Data-key rotation re-encrypts them but
 * never changes them, so indexes and audit seals stay valid across rotations. They travel with the
 * database and are useless without the data key.
 */
import { randomBytes } from "node:crypto";
import { DecryptError, type Cipher } from "./crypto.js";
import type { Store, StoreLocation } from "./db.js";

/** The refusal for a database made under another data key: where it is, and both ways out. */
export function wrongDataKeyMessage(location: StoreLocation, madeWithKid: string, activeKid: string): string {
  const fresh = location.variable === "DATA_DIR" ? "set DATA_DIR to a new, empty folder" : "set DATABASE_URL to a new, empty database";
  return (
    `The database in ${location.variable}=${location.value} was made with another MINNOW_DATA_KEY ` +
    `(its key id is ${madeWithKid}; MINNOW_DATA_KEY's first key is ${activeKid}). Either set MINNOW_DATA_KEY ` +
    `to the key it was made with (put it after a new key to rotate), or ${fresh} to start a new database.`
  );
}

function kidOf(ciphertext: string): string {
  return ciphertext.split(".")[1] ?? "unknown";
}

/** Reads the store's key for `purpose`, creating it on first use (safe when two processes race). */
export async function loadStoreKey(store: Store, cipher: Cipher, purpose: string): Promise<Buffer> {
  const read = () => store.db.selectFrom("store_keys").select("key_ct").where("purpose", "=", purpose).executeTakeFirst();
  let row = await read();
  if (!row) {
    const fresh = randomBytes(32).toString("base64");
    await store.db
      .insertInto("store_keys")
      .values({ purpose, key_ct: cipher.encrypt(fresh), created_at: Date.now() })
      .onConflict((oc) => oc.column("purpose").doNothing())
      .execute();
    row = await read();
  }
  if (!row) throw new Error(`Could not create the ${purpose} key in store_keys: check the database is writable.`);
  try {
    return Buffer.from(cipher.decrypt(row.key_ct), "base64");
  } catch (cause) {
    const kid = kidOf(row.key_ct);
    if (cause instanceof DecryptError && cause.reason === "unknown-key") {
      throw new Error(wrongDataKeyMessage(store.location, kid, cipher.activeKid), { cause });
    }
    throw new Error(`The ${purpose} key in store_keys cannot be decrypted under key ${kid}: it was altered or is corrupted. Restore the database from a backup.`, { cause });
  }
}
