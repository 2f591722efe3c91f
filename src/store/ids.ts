import { randomPoolBytes } from "./random-pool.js";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function base32(bytes: Buffer): string {
  let out = "";
  for (const byte of bytes) out += CROCKFORD.charAt(byte & 31);
  return out;
}

/**
 * A row id that sorts by creation time (10 characters of milliseconds, then 16
 * random): events listed "newest first" by id stay stable for Zapier's dedupe.
 */
export function newId(prefix: string, at: number = Date.now()): string {
  let time = "";
  let rest = Math.max(0, Math.floor(at));
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD.charAt(rest % 32) + time;
    rest = Math.floor(rest / 32);
  }
  return `${prefix}_${time}${base32(randomPoolBytes(16))}`;
}
