/**
 * AES-256-GCM for PHI columns. A ciphertext is one ASCII string:
 *
 *   v1.<kid>.<iv>.<tag>.<ciphertext>      (iv, tag, ciphertext in base64url)
 *
 * The version and key id travel with the value so keys can rotate without a
 * migration. "v1.<kid>" is authenticated as associated data, so a value cannot be
 * relabelled. A fresh 12-byte random IV per value; the 16-byte tag fails any change.
 */
import { createCipheriv, createDecipheriv } from "node:crypto";
import { randomPoolBytes } from "./random-pool.js";
import type { Keyring } from "./keyring.js";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class DecryptError extends Error {
  override name = "DecryptError";
  constructor(
    message: string,
    /** unknown-key: the value's key is not in MINNOW_DATA_KEY; malformed or tampered otherwise. */
    readonly reason: "unknown-key" | "malformed" | "tampered",
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface Cipher {
  readonly activeKid: string;
  encrypt(plaintext: string): string;
  /** Throws DecryptError on a malformed value, an unknown key id or tampering. */
  decrypt(ciphertext: string): string;
  encryptNullable(plaintext: string | null | undefined): string | null;
  decryptNullable(ciphertext: string | null | undefined): string | null;
  /** True when the value is already under the active key (rotation skips it). */
  isCurrent(ciphertext: string): boolean;
}

interface Parts {
  kid: string;
  iv: Buffer;
  tag: Buffer;
  body: Buffer;
}

function parse(ciphertext: string): Parts {
  const parts = ciphertext.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw new DecryptError(`Value is not a minnow ${VERSION} ciphertext (was the column written unencrypted, or by a newer minnow?).`, "malformed");
  }
  const [, kid = "", iv = "", tag = "", body = ""] = parts;
  const decoded = { kid, iv: Buffer.from(iv, "base64url"), tag: Buffer.from(tag, "base64url"), body: Buffer.from(body, "base64url") };
  if (decoded.iv.length !== IV_BYTES || decoded.tag.length !== TAG_BYTES) {
    throw new DecryptError("Ciphertext is truncated or corrupted (bad IV or tag length).", "malformed");
  }
  return decoded;
}

export function createCipher(ring: Keyring): Cipher {
  const activeKey = ring.keys.get(ring.activeKid);
  if (!activeKey) throw new Error(`Keyring has no key for its active id ${ring.activeKid}.`);

  const encrypt = (plaintext: string): string => {
    const iv = randomPoolBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", activeKey, iv);
    cipher.setAAD(Buffer.from(`${VERSION}.${ring.activeKid}`));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, ring.activeKid, iv.toString("base64url"), tag.toString("base64url"), body.toString("base64url")].join(".");
  };

  const decrypt = (ciphertext: string): string => {
    const { kid, iv, tag, body } = parse(ciphertext);
    const key = ring.keys.get(kid);
    if (!key) {
      throw new DecryptError(
        `Value was encrypted under key ${kid}, which is not in MINNOW_DATA_KEY: add that key after the active one.`,
        "unknown-key",
      );
    }
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, iv);
      decipher.setAAD(Buffer.from(`${VERSION}.${kid}`));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
    } catch (cause) {
      throw new DecryptError(`Ciphertext under key ${kid} failed authentication: it was altered or is corrupted.`, "tampered", { cause });
    }
  };

  return {
    activeKid: ring.activeKid,
    encrypt,
    decrypt,
    encryptNullable: (p) => (p == null ? null : encrypt(p)),
    decryptNullable: (c) => (c == null ? null : decrypt(c)),
    isCurrent: (c) => c.startsWith(`${VERSION}.${ring.activeKid}.`),
  };
}
