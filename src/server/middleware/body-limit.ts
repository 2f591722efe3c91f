import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

/**
 * Refuses bodies over `maxSize` with `onError`. A request that declares its Content-Length is
 * judged by that header alone (Node's parser holds the body to it). Hono's bodyLimit reads
 * `c.req.raw.body` first, which makes @hono/node-server build a full web Request for every
 * request, measured as a tenth of a webhook's cost; it is kept for chunked bodies only.
 */
export function limitBody(maxSize: number, onError: (c: Context) => Response | Promise<Response>): MiddlewareHandler {
  const streamed = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    if (c.req.header("transfer-encoding") !== undefined) return streamed(c, next);
    const declared = c.req.header("content-length");
    if (declared !== undefined) return Number.parseInt(declared, 10) > maxSize ? onError(c) : next();
    // GET and HEAD carry no body; anything else without a declared length is measured as it streams.
    return c.req.method === "GET" || c.req.method === "HEAD" ? next() : streamed(c, next);
  };
}
