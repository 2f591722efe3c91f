import type { KeyObject } from "node:crypto";
import type { SmartAuth } from "./auth.js";
import { remoteCode } from "../../src/remote-code.js";
import { algorithmFor, loadPrivateKey, signClientAssertion } from "./client-assertion.js";

/**
 * SMART Backend Services token source: discovers the token endpoint, trades a fresh client
 * assertion for an access token, and reuses that token until shortly before it expires.
 */
export interface TokenProvider {
  getToken(): Promise<string>;
  /** Forget the cached token (the server rejected it with 401). */
  invalidate(): void;
}

export interface SmartTokenOptions {
  now?: () => number;
  /** Refresh this many seconds before expiry (capped at a fifth of the token's lifetime). */
  refreshSkewSeconds?: number;
}

const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const DEFAULT_TOKEN_SECONDS = 300;
const AUTH_TIMEOUT_MS = 15_000;

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}/${path}`;
}

async function readJson(response: Response): Promise<Record<string, unknown>> {
  const parsed: unknown = await response.json().catch(() => undefined);
  return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
}

/** The token endpoint from `<base>/.well-known/smart-configuration`. */
export async function discoverTokenEndpoint(baseUrl: string): Promise<string> {
  const url = joinUrl(baseUrl, ".well-known/smart-configuration");
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(AUTH_TIMEOUT_MS) });
  } catch (err) {
    throw new Error(`Could not reach ${url} to discover the SMART token endpoint; check the FHIR base URL.`, { cause: err });
  }
  if (!response.ok) throw new Error(`SMART discovery at ${url} answered HTTP ${response.status}; set auth.tokenUrl explicitly or check the base URL.`);
  const tokenEndpoint = (await readJson(response)).token_endpoint;
  if (typeof tokenEndpoint !== "string" || !/^https?:\/\//.test(tokenEndpoint)) {
    throw new Error(`SMART discovery at ${url} has no usable token_endpoint; set auth.tokenUrl explicitly.`);
  }
  return tokenEndpoint;
}

export function createSmartTokenProvider(baseUrl: string, auth: SmartAuth, options: SmartTokenOptions = {}): TokenProvider {
  const nowSeconds = () => Math.floor((options.now?.() ?? Date.now()) / 1000);
  let key: KeyObject | undefined;
  let tokenUrl = auth.tokenUrl;
  let cached: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    key ??= loadPrivateKey(auth.privateKey);
    const alg = algorithmFor(key, auth.alg);
    tokenUrl ??= await discoverTokenEndpoint(baseUrl);
    const issuedAt = nowSeconds();
    const assertion = signClientAssertion({ clientId: auth.clientId, tokenUrl, privateKey: key, keyId: auth.keyId, alg, nowSeconds: issuedAt });
    const body = new URLSearchParams({ grant_type: "client_credentials", scope: auth.scope, client_assertion_type: JWT_BEARER, client_assertion: assertion });
    let response: Response;
    try {
      response = await fetch(tokenUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, body, signal: AbortSignal.timeout(AUTH_TIMEOUT_MS) });
    } catch (err) {
      throw new Error(`Could not reach the SMART token endpoint ${tokenUrl}.`, { cause: err });
    }
    const json = await readJson(response);
    if (!response.ok) {
      // The OAuth error code only: error_description is the server's free text (src/remote-code.ts).
      const why = remoteCode(json.error);
      throw new Error(`SMART token request to ${tokenUrl} was refused (HTTP ${response.status}${why ? `, ${why}` : ""}); check the client id, key id and registered public key.`);
    }
    if (typeof json.access_token !== "string" || !json.access_token) throw new Error(`SMART token response from ${tokenUrl} has no access_token.`);
    const lifetime = typeof json.expires_in === "number" && json.expires_in > 0 ? json.expires_in : DEFAULT_TOKEN_SECONDS;
    const skew = Math.min(options.refreshSkewSeconds ?? 60, lifetime / 5);
    cached = { token: json.access_token, refreshAt: issuedAt + lifetime - skew };
    return json.access_token;
  }

  return {
    async getToken() {
      if (cached && nowSeconds() < cached.refreshAt) return cached.token;
      // Concurrent callers share one token request instead of stampeding the endpoint.
      inFlight ??= fetchToken().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate() {
      cached = undefined;
    },
  };
}
