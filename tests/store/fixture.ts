import { parseKeyMaterial, type Keyring } from "../../src/store/keyring.js";
import { openStoreCrypto, type StoreCrypto } from "../../src/store/store-crypto.js";
import type { DialectName } from "../../src/store/db.js";
import { openTestStore, type TestStore } from "../helpers/test-store.js";

/** Fixed, synthetic test keys (never used outside tests). */
export const KEY_A = Buffer.alloc(32, 0xa1).toString("base64");
export const KEY_B = Buffer.alloc(32, 0xb2).toString("base64url");

export interface Fixture {
  store: TestStore;
  ring: Keyring;
  crypto: StoreCrypto;
}

export async function openFixture(dialect: DialectName, material = KEY_A): Promise<Fixture> {
  const store = await openTestStore(dialect);
  const ring = parseKeyMaterial(material);
  return { store, ring, crypto: await openStoreCrypto(store, ring) };
}
