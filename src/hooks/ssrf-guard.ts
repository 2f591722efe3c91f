/**
 * The SSRF guard for hook targets. A target must be http(s), carry no credentials, and every
 * address its host resolves to must be public, unless config allows it: `hooks.allowPrivateTargets`
 * (loopback, private, link-local, CGNAT) or a CIDR in `hooks.allowTargetNetworks`. Cloud metadata
 * is never allowed by the first switch. Checked at subscribe time and again on every delivery and
 * redirect hop; the caller connects to the address that was checked, so DNS cannot change it in between.
 */
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { PracticeConfig } from "../config/practice.js";
import { classifyAddress, inCidr, type AddressClass } from "./address-class.js";

export interface TargetPolicy {
  allowPrivate: boolean;
  allowNetworks: readonly string[];
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has; injectable so tests need no DNS. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export type TargetCheck =
  | { ok: true; url: URL; address: ResolvedAddress }
  | { ok: false; reason: "bad-url" | "scheme" | "credentials" | "unresolvable" | "denied-address"; message: string };

const PRIVATE_CLASSES: ReadonlySet<AddressClass> = new Set(["loopback", "private", "link-local", "cgnat"]);

export function targetPolicy(config: PracticeConfig): TargetPolicy {
  return { allowPrivate: config.hooks.allowPrivateTargets, allowNetworks: config.hooks.allowTargetNetworks };
}

export const systemResolver: Resolver = async (hostname) => {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** Why an address is refused under the policy, or null when it may be reached. */
export function addressRefusal(address: string, policy: TargetPolicy): AddressClass | null {
  const cls = classifyAddress(address);
  if (cls === "public") return null;
  if (policy.allowNetworks.some((cidr) => inCidr(address, cidr))) return null;
  if (policy.allowPrivate && PRIVATE_CLASSES.has(cls)) return null;
  return cls;
}

function parseTarget(raw: string | URL): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

export async function checkTarget(raw: string | URL, policy: TargetPolicy, resolve: Resolver = systemResolver): Promise<TargetCheck> {
  const url = parseTarget(raw);
  if (!url) return { ok: false, reason: "bad-url", message: "The target URL does not parse; send an absolute http(s) URL." };
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: "scheme", message: `The target URL must be http or https, not ${url.protocol.replace(":", "")}.` };
  if (url.username || url.password) return { ok: false, reason: "credentials", message: "The target URL must not carry credentials; deliveries are signed, verify the signature instead." };
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: ResolvedAddress[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await resolve(host);
    } catch {
      addresses = [];
    }
  }
  const first = addresses[0];
  if (!first) return { ok: false, reason: "unresolvable", message: `The target host ${url.hostname} does not resolve; check the URL.` };
  // Every address must pass: the connection could otherwise land on whichever one is refused.
  for (const { address } of addresses) {
    const refusal = addressRefusal(address, policy);
    if (refusal) {
      return { ok: false, reason: "denied-address", message: `The target ${url.hostname} resolves to a ${refusal} address (${address}), which hooks may not reach. Use a public URL, or allow that network in the practice config (hooks.allowTargetNetworks).` };
    }
  }
  return { ok: true, url, address: first };
}
