import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCipher, DecryptError } from "../../src/store/crypto.js";
import { formatKeyMaterial, keyIdOf, parseKeyMaterial } from "../../src/store/keyring.js";
import { KEY_A, KEY_B } from "./fixture.js";

const cipherA = createCipher(parseKeyMaterial(KEY_A));
const cipherB = createCipher(parseKeyMaterial(KEY_B));

function flipChar(text: string, at: number): string {
  const c = text.charAt(at);
  return text.slice(0, at) + (c === "A" ? "B" : "A") + text.slice(at + 1);
}

describe("AES-256-GCM column cipher", () => {
  it("round-trips any string, including empty, emoji and long bodies", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 2000 }), (plain) => cipherA.decrypt(cipherA.encrypt(plain)) === plain));
  });

  it("writes v1.<kid>.<iv>.<tag>.<ct> with the active key id and no plaintext", () => {
    const ct = cipherA.encrypt("+13125550142");
    const parts = ct.split(".");
    expect(parts).toHaveLength(5);
    expect(parts[0]).toBe("v1");
    expect(parts[1]).toBe(keyIdOf(Buffer.from(KEY_A, "base64")));
    expect(ct).not.toContain("5550142");
  });

  it("uses a fresh IV: the same value encrypts differently each time", () => {
    expect(cipherA.encrypt("same")).not.toBe(cipherA.encrypt("same"));
  });

  it("refuses a value under a key not in the ring, naming the key id and the fix", () => {
    const ct = cipherA.encrypt("secret");
    expect(() => cipherB.decrypt(ct)).toThrow(DecryptError);
    expect(() => cipherB.decrypt(ct)).toThrow(new RegExp(`key ${cipherA.activeKid}.*not in MINNOW_DATA_KEY`));
  });

  it.each([
    ["iv", 2],
    ["tag", 3],
    ["ciphertext", 4],
  ])("detects a change to the %s", (_part, index) => {
    const parts = cipherA.encrypt("a message body long enough").split(".");
    parts[index] = flipChar(parts[index] ?? "", 2);
    expect(() => cipherA.decrypt(parts.join("."))).toThrow(/altered|corrupted/);
  });

  it("detects a relabelled key id even when both keys are in the ring", () => {
    const both = createCipher(parseKeyMaterial(`${KEY_A},${KEY_B}`));
    const parts = both.encrypt("x").split(".");
    parts[1] = cipherB.activeKid;
    expect(() => both.decrypt(parts.join("."))).toThrow(DecryptError);
  });

  it.each([
    ["plaintext", "+13125550142"],
    ["an unknown version", "v2.abc.a.b.c"],
    ["too few parts", "v1.abc.def"],
    ["a truncated tag", `v1.${cipherA.activeKid}.AAAAAAAAAAAAAAAA.AAAA.AAAA`],
  ])("rejects %s with a DecryptError", (_name, value) => {
    expect(() => cipherA.decrypt(value)).toThrow(DecryptError);
  });

  it("passes nulls through the nullable helpers", () => {
    expect(cipherA.encryptNullable(null)).toBeNull();
    expect(cipherA.decryptNullable(undefined)).toBeNull();
  });

  it("knows which values are already under the active key", () => {
    const ring = createCipher(parseKeyMaterial(`${KEY_B},${KEY_A}`));
    expect(ring.isCurrent(cipherB.encrypt("x"))).toBe(true);
    expect(ring.isCurrent(cipherA.encrypt("x"))).toBe(false);
    expect(ring.decrypt(cipherA.encrypt("old"))).toBe("old");
  });
});

describe("key material", () => {
  it("makes the first key active and keeps every key for decryption", () => {
    const ring = parseKeyMaterial(` ${KEY_B} , ${KEY_A} `);
    expect(ring.activeKid).toBe(cipherB.activeKid);
    expect([...ring.keys.keys()]).toEqual([cipherB.activeKid, cipherA.activeKid]);
    expect(parseKeyMaterial(formatKeyMaterial(ring))).toEqual(ring);
  });

  it("accepts base64 and base64url spellings of the same key as one key id", () => {
    const raw = Buffer.alloc(32, 0xfb);
    expect(parseKeyMaterial(raw.toString("base64")).activeKid).toBe(parseKeyMaterial(raw.toString("base64url")).activeKid);
  });

  const secretLooking = Buffer.alloc(16, 7).toString("base64");
  it.each([
    ["empty", " , ", /empty/],
    ["16 bytes", secretLooking, /entry 1 is not 32 bytes/],
    ["not base64", "not a key!", /entry 1 is not 32 bytes/],
    ["a bad second entry", `${KEY_A},${secretLooking}`, /entry 2 is not 32 bytes/],
    ["a duplicate", `${KEY_A},${KEY_A}`, /entry 2 repeats/],
  ])("refuses %s, naming the entry but never echoing it", (_name, material, message) => {
    let error: unknown;
    try {
      parseKeyMaterial(material);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(secretLooking);
  });
});
