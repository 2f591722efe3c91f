/**
 * Rate limits (config `rateLimits`): token buckets per webhook source address and per API key,
 * kept in this process's memory. Over the limit a request gets 429 with Retry-After, before any
 * work. One process's buckets are its own: two servers behind a balancer each allow the limit.
 */
import { createHash } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import type { PracticeConfig } from "../../config/practice.js";
import { jsonError } from "./errors.js";
import { bearerToken } from "./secrets.js";

type Limit = PracticeConfig["rateLimits"]["webhooks"];

interface Bucket {
  tokens: number;
  at: number;
}

/** Idle buckets are full buckets: past this many, full ones are dropped so memory stays bounded. */
const MAX_BUCKETS = 10_000;

export function createLimiter(limit: Pick<Limit, "perMinute" | "burst">, now: () => number = Date.now) {
  const perMs = limit.perMinute / 60_000;
  const buckets = new Map<string, Bucket>();
  const refill = (bucket: Bucket, t: number) => Math.min(limit.burst, bucket.tokens + (t - bucket.at) * perMs);
  /** Takes one token for `key`; undefined when allowed, else the seconds until one is free. */
  return (key: string): number | undefined => {
    const t = now();
    const bucket = buckets.get(key) ?? { tokens: limit.burst, at: t };
    const tokens = refill(bucket, t);
    if (tokens >= 1) {
      if (!buckets.has(key) && buckets.size >= MAX_BUCKETS) {
        for (const [k, b] of buckets) if (refill(b, t) >= limit.burst) buckets.delete(k);
      }
      buckets.set(key, { tokens: tokens - 1, at: t });
      return undefined;
    }
    buckets.set(key, { tokens, at: t });
    return Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
  };
}

/** The address a request came from: the proxy's header when configured (its last hop), else the socket's. */
export function sourceOf(c: Context, sourceHeader: string | undefined): string {
  const forwarded = sourceHeader ? c.req.header(sourceHeader)?.split(",").at(-1)?.trim() : undefined;
  if (forwarded) return forwarded;
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? "unknown";
}

/** The presented API key, hashed (a bucket is named after it, not by it); the source when there is none. */
function apiCaller(c: Context, sourceHeader: string | undefined): string {
  const key = c.req.header("x-api-key") || bearerToken(c.req.header("authorization"));
  return key ? `key:${createHash("sha256").update(key).digest("hex").slice(0, 32)}` : `source:${sourceOf(c, sourceHeader)}`;
}

function limited(limit: Limit, what: string, callerOf: (c: Context) => string): MiddlewareHandler {
  if (!limit.enabled) return (_c, next) => next();
  const take = createLimiter(limit);
  return async (c, next) => {
    const retryAfter = take(callerOf(c));
    if (retryAfter === undefined) return next();
    c.header("Retry-After", String(retryAfter));
    return jsonError(c, 429, `Too many requests ${what}: the limit is ${limit.perMinute} a minute (bursts of ${limit.burst}). Retry after ${retryAfter} s.`);
  };
}

export function limitWebhooks(config: PracticeConfig["rateLimits"]): MiddlewareHandler {
  return limited(config.webhooks, "from this source", (c) => sourceOf(c, config.sourceHeader));
}

export function limitApi(config: PracticeConfig["rateLimits"]): MiddlewareHandler {
  return limited(config.api, "for this API key", (c) => apiCaller(c, config.sourceHeader));
}
