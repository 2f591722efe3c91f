import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { createBlindIndex, InvalidPhoneError, loadIndexKey, normalizePhone } from "../../src/store/blind-index.js";
import { createCipher } from "../../src/store/crypto.js";
import { parseKeyMaterial } from "../../src/store/keyring.js";
import { openStoreCrypto } from "../../src/store/store-crypto.js";
import { testDialects } from "../helpers/test-store.js";
import { KEY_A, openFixture, type Fixture } from "./fixture.js";

const index = createBlindIndex(Buffer.alloc(32, 9));

describe("phone blind index", () => {
  it.each(["+13125550142", "(312) 555-0142", "312.555.0142", "1 312 555 0142", "+1-312-555-0142", " 3125550142 "])(
    "gives %j the same index as +13125550142",
    (spelling) => {
      expect(index.phone(spelling)).toBe(index.phone("+13125550142"));
    },
  );

  it("gives different numbers different indexes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 199 }), fc.integer({ min: 100, max: 199 }), (a, b) => {
        fc.pre(a !== b);
        return index.phone(`+1312555${String(a).slice(1).padStart(4, "0")}`) !== index.phone(`+1312555${String(b).slice(1).padStart(4, "0")}`);
      }),
    );
  });

  it("depends on the key: another store's key gives another index", () => {
    expect(createBlindIndex(Buffer.alloc(32, 8)).phone("+13125550142")).not.toBe(index.phone("+13125550142"));
  });

  it("never contains the number", () => {
    expect(index.phone("+13125550142")).not.toMatch(/5550142/);
  });

  it.each(["", "abc", "12", "+1 312 555"])("refuses %j without quoting it", (bad) => {
    expect(() => index.phone(bad)).toThrow(InvalidPhoneError);
    expect(() => normalizePhone(bad)).toThrow(/not a possible number/);
  });

  it("keeps one purpose's hash apart from another's", () => {
    expect(index.hmac("otp", "x")).not.toBe(index.hmac("phone", "x"));
  });
});

describe.each(testDialects())("index key in the store on %s", (dialect) => {
  let fx: Fixture | undefined;
  afterEach(async () => {
    await fx?.store.dispose();
    fx = undefined;
  });

  it("creates one index key even when several processes start at once", async () => {
    fx = await openFixture(dialect);
    const ring = parseKeyMaterial(KEY_A);
    const cryptos = await Promise.all(Array.from({ length: 5 }, () => openStoreCrypto(fx!.store, ring)));
    const indexes = new Set(cryptos.map((c) => c.index.phone("+13125550142")));
    expect(indexes.size).toBe(1);
    expect((await fx.store.db.selectFrom("store_keys").select("purpose").execute()).map((r) => r.purpose).sort()).toEqual(["audit-mac", "blind-index"]);
  });

  it("cannot read the index key with the wrong data key, and says so", async () => {
    fx = await openFixture(dialect);
    const wrong = createCipher(parseKeyMaterial(Buffer.alloc(32, 0x33).toString("base64")));
    await expect(loadIndexKey(fx.store, wrong)).rejects.toThrow(/was made with another MINNOW_DATA_KEY/);
  });
});
