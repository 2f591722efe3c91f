/**
 * One POST to a hook target through the SSRF guard. The connection goes to the address the guard
 * checked (a pinned DNS lookup), redirects are followed by hand with the guard on every hop, and
 * the response body is drained but never read: a subscriber's answer is its status code.
 */
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { errorKind } from "../log.js";
import { checkTarget, systemResolver, type ResolvedAddress, type Resolver, type TargetPolicy } from "./ssrf-guard.js";

export interface PostOptions {
  policy: TargetPolicy;
  resolve?: Resolver;
  timeoutMs?: number;
  maxRedirects?: number;
  /** A refusal message when the payload may not follow a redirect to this URL, else null. */
  allowHop?: (url: URL) => string | null;
}

export type PostResult =
  | { kind: "response"; status: number; url: string; hops: number }
  | { kind: "refused"; reason: string; message: string; url: string; hops: number }
  | { kind: "network-error"; error: string; url: string; hops: number };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_DRAIN_BYTES = 64 * 1024;

function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (typeof options === "object" && options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  };
}

function postOnce(url: URL, pinned: ResolvedAddress, body: string, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; location: string | undefined }> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, lookup: pinnedLookup(pinned), timeout: timeoutMs, agent: false },
      (res) => {
        let drained = 0;
        res.on("data", (chunk: Buffer) => {
          drained += chunk.length;
          if (drained > MAX_DRAIN_BYTES) res.destroy();
        });
        res.on("error", () => undefined);
        resolve({ status: res.statusCode ?? 0, location: res.headers.location });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`No answer from the hook target within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** POSTs `body`, re-POSTing it on each redirect, at most `maxRedirects` hops, each one guarded. */
export async function postGuarded(target: string, body: string, headers: Record<string, string>, opts: PostOptions): Promise<PostResult> {
  const maxRedirects = opts.maxRedirects ?? 3;
  let current = target;
  for (let hops = 0; hops <= maxRedirects; hops++) {
    const check = await checkTarget(current, opts.policy, opts.resolve ?? systemResolver);
    if (!check.ok) return { kind: "refused", reason: check.reason, message: check.message, url: current, hops };
    const hopRefusal = hops > 0 ? (opts.allowHop?.(check.url) ?? null) : null;
    if (hopRefusal) return { kind: "refused", reason: "redirect-not-allowed", message: hopRefusal, url: current, hops };
    let answer: { status: number; location: string | undefined };
    try {
      answer = await postOnce(check.url, check.address, body, headers, opts.timeoutMs ?? 10_000);
    } catch (err) {
      return { kind: "network-error", error: errorKind(err), url: current, hops };
    }
    if (!REDIRECTS.has(answer.status) || !answer.location) return { kind: "response", status: answer.status, url: current, hops };
    try {
      current = new URL(answer.location, check.url).href;
    } catch {
      return { kind: "refused", reason: "bad-url", message: "The hook target redirected to a URL that does not parse.", url: current, hops };
    }
  }
  return { kind: "refused", reason: "too-many-redirects", message: `The hook target redirected more than ${maxRedirects} times.`, url: current, hops: maxRedirects };
}
