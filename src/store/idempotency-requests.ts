/**
 * An Idempotency-Key stands for one request. The first use records the request's hash; a repeat
 * with the same hash replays the effect, and one with another hash is a caller's mistake (a Zap
 * step reusing its key for another patient) that must be refused, not answered with the first result.
 */
import { createHash } from "node:crypto";
import type { Store } from "./db.js";

export type IdempotencyClaim = "first" | "same-request" | "different-request";

/** JSON with object keys sorted at every depth, so equal requests hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function requestHash(request: unknown): string {
  return createHash("sha256").update(canonicalJson(request)).digest("hex");
}

/** Records `key` with the request's hash on first use; says whether a later use carries the same request. */
export async function claimIdempotencyKey(store: Store, key: string, request: unknown, now = new Date()): Promise<IdempotencyClaim> {
  const hash = requestHash(request);
  const inserted = await store.db
    .insertInto("idempotency_requests")
    .values({ key, request_hash: hash, created_at: now.getTime() })
    .onConflict((oc) => oc.column("key").doNothing())
    .returning("key")
    .execute();
  if (inserted.length > 0) return "first";
  const row = await store.db.selectFrom("idempotency_requests").select("request_hash").where("key", "=", key).executeTakeFirstOrThrow();
  return row.request_hash === hash ? "same-request" : "different-request";
}
