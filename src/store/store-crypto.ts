import { openAuditSeal } from "./audit-seal.js";
import { createBlindIndex, loadIndexKey, type BlindIndex } from "./blind-index.js";
import { createCipher, type Cipher } from "./crypto.js";
import type { Store } from "./db.js";
import type { Keyring } from "./keyring.js";

/** What repositories need to write and find PHI: the column cipher and the blind index. */
export interface StoreCrypto {
  cipher: Cipher;
  index: BlindIndex;
}

/**
 * Builds the store's crypto once at startup: reads or creates the blind-index key, and the audit
 * key, which it attaches to `store` so the audit log can be appended to and verified.
 */
export async function openStoreCrypto(store: Store, ring: Keyring): Promise<StoreCrypto> {
  const cipher = createCipher(ring);
  const indexKey = await loadIndexKey(store, cipher);
  store.auditSeal = await openAuditSeal(store, cipher);
  return { cipher, index: createBlindIndex(indexKey) };
}
