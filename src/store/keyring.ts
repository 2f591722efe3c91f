/**
 * The data keys that encrypt PHI columns.
 *
 * Key material (MINNOW_DATA_KEY, or the generated key file) is a comma-separated
 * list of keys, each 32 random bytes in base64 or base64url, newest first:
 *
 *   MINNOW_DATA_KEY="<new key>,<old key>"
 *
 * The first key encrypts; every key decrypts. A key's id is derived from the key
 * itself (a short hash), so a key never needs a name and the id stored in each
 * ciphertext always finds the right key. To rotate: put a new key in front
 * (`openssl rand -base64 32`), restart, run `minnow keys rotate`, then drop the old key.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { log } from "../log.js";
import { ensurePrivateDir } from "./private-files.js";

export const KEY_BYTES = 32;
export const GENERATED_KEY_FILE = "minnow-data.key";

export interface Keyring {
  /** Id of the key that encrypts new values. */
  activeKid: string;
  /** Every key that may decrypt, by id. */
  keys: ReadonlyMap<string, Buffer>;
}

/** A short, stable id for a key: 8 base64url characters of a domain-separated SHA-256. */
export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update("minnow-data-key-id:").update(key).digest("base64url").slice(0, 8);
}

function decodeKey(entry: string, position: number): Buffer {
  const ok = /^[A-Za-z0-9+/_-]+={0,2}$/.test(entry);
  const key = ok ? Buffer.from(entry.replace(/-/g, "+").replace(/_/g, "/"), "base64") : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) {
    // Never echo the entry: it is (part of) a secret.
    throw new Error(
      `MINNOW_DATA_KEY entry ${position} is not ${KEY_BYTES} bytes of base64: generate one with \`openssl rand -base64 32\`.`,
    );
  }
  return key;
}

/** Parses key material (see the file comment). Throws a message that names the entry, never the key. */
export function parseKeyMaterial(material: string): Keyring {
  const entries = material.split(",").map((e) => e.trim()).filter((e) => e.length > 0);
  if (entries.length === 0) throw new Error("MINNOW_DATA_KEY is empty: set it to `openssl rand -base64 32`.");
  const keys = new Map<string, Buffer>();
  let activeKid = "";
  entries.forEach((entry, i) => {
    const key = decodeKey(entry, i + 1);
    const kid = keyIdOf(key);
    if (keys.has(kid)) throw new Error(`MINNOW_DATA_KEY entry ${i + 1} repeats an earlier key: remove the duplicate.`);
    keys.set(kid, key);
    if (i === 0) activeKid = kid;
  });
  return { activeKid, keys };
}

export function generateKeyMaterial(): string {
  return randomBytes(KEY_BYTES).toString("base64");
}

/** Serializes a ring back to key material, active key first. */
export function formatKeyMaterial(ring: Keyring): string {
  const active = ring.keys.get(ring.activeKid);
  const rest = [...ring.keys].filter(([kid]) => kid !== ring.activeKid).map(([, key]) => key);
  return [active, ...rest].flatMap((k) => (k ? [k.toString("base64")] : [])).join(",");
}

export interface LoadKeyringOptions {
  /** MINNOW_DATA_KEY, from src/config. */
  dataKey?: string;
  dataDir: string;
  /** Sandbox use only: with no key, create one in `dataDir` rather than refuse to start. */
  generateIfMissing: boolean;
}

function readKeyFile(path: string): string {
  const mode = statSync(path).mode;
  if ((mode & 0o077) !== 0) {
    log.warn("store.data_key_file_permissive", { path, mode: (mode & 0o777).toString(8), fix: "chmod 600" });
  }
  return readFileSync(path, "utf8");
}

function generateKeyFile(path: string): string {
  const material = generateKeyMaterial();
  try {
    ensurePrivateDir(dirname(path));
    // "wx": if another process won the race, use its key rather than overwrite it.
    writeFileSync(path, material + "\n", { mode: 0o600, flag: "wx" });
  } catch (cause) {
    if ((cause as { code?: unknown }).code === "EEXIST") return readKeyFile(path);
    throw new Error(`Cannot write a data key to ${path}: make DATA_DIR writable or set MINNOW_DATA_KEY.`, { cause });
  }
  const kid = keyIdOf(parseKeyMaterial(material).keys.values().next().value ?? Buffer.alloc(0));
  log.warn("store.data_key_generated", {
    path,
    kid,
    advice: "sandbox only: set MINNOW_DATA_KEY (openssl rand -base64 32) for real patient data, and back the key up",
  });
  return material;
}

/** The keyring from MINNOW_DATA_KEY, else from the key file in DATA_DIR (generated in sandbox use). */
export function loadKeyring(opts: LoadKeyringOptions): Keyring {
  if (opts.dataKey) return parseKeyMaterial(opts.dataKey);
  const path = join(opts.dataDir, GENERATED_KEY_FILE);
  let material: string | undefined;
  try {
    material = readKeyFile(path);
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    if (code === "ENOTDIR") throw new Error(`DATA_DIR ${opts.dataDir} is not a directory: set DATA_DIR to a writable folder.`, { cause });
    if (code !== "ENOENT") {
      throw new Error(`Cannot read the data key file ${path}: fix its permissions or set MINNOW_DATA_KEY.`, { cause });
    }
  }
  if (material === undefined) {
    if (!opts.generateIfMissing) {
      throw new Error("MINNOW_DATA_KEY is not set: set it to `openssl rand -base64 32` (keep a copy; data is unreadable without it).");
    }
    material = generateKeyFile(path);
  }
  return parseKeyMaterial(material);
}
