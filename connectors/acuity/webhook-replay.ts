import { createHash } from "node:crypto";

/**
 * Acuity webhooks carry no delivery id or timestamp, and Acuity retries deliveries, so a replay is
 * the same signed body arriving again. The guard keys each delivery by a hash of its raw body and
 * asks a store whether that key was seen. The store decides how long "seen" lasts: keep it short,
 * because two genuine "changed" events for one appointment also have identical bodies (the
 * appointment is re-read on each event, and the polling trigger reconciles anything dropped).
 */
export type SeenCallback = (key: string) => boolean | Promise<boolean>;

export function deliveryKey(rawBody: string | Uint8Array): string {
  return `acuity-webhook:${createHash("sha256").update(rawBody).digest("hex")}`;
}

/** True when this exact delivery was already seen; `seen` records the key as a side effect. */
export async function isReplayedDelivery(rawBody: string | Uint8Array, seen: SeenCallback): Promise<boolean> {
  return seen(deliveryKey(rawBody));
}

/** An in-process seen-set with expiry, for one server; a shared store serves several. */
export function memorySeenSet(options: { ttlMs: number; now?: () => number; maxEntries?: number }): SeenCallback {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const expiries = new Map<string, number>();
  return (key) => {
    const at = now();
    for (const [k, expiry] of expiries) {
      if (expiry > at && expiries.size < maxEntries) break; // Map keeps insertion order: oldest first
      expiries.delete(k);
    }
    const expiry = expiries.get(key);
    if (expiry !== undefined && expiry > at) return true;
    expiries.set(key, at + options.ttlMs);
    return false;
  };
}
