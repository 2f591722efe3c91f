import { generateKeyPairSync, verify, type KeyObject } from "node:crypto";
import { http, HttpResponse } from "msw";
import { BASE_URL } from "./fixtures.js";

/**
 * A fake SMART authorization server for msw: it publishes `.well-known/smart-configuration` and
 * a token endpoint that checks the client assertion the way a real one must — alg and kid,
 * iss = sub = client_id, aud = token URL, exp within five minutes, a fresh jti, and the signature.
 */
export const TOKEN_URL = "http://auth.test/oauth/token";

export function keyPair(alg: "RS384" | "ES384"): { privatePem: string; publicKey: KeyObject } {
  const pair = alg === "RS384" ? generateKeyPairSync("rsa", { modulusLength: 2048 }) : generateKeyPairSync("ec", { namedCurve: "P-384" });
  return { privatePem: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString(), publicKey: pair.publicKey };
}

export interface SmartServerState {
  tokenRequests: number;
  discoveries: number;
  rejections: string[];
  jtis: Set<string>;
}

function decode(part: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}

export function smartHandlers(options: { clientId: string; keyId: string; alg: "RS384" | "ES384"; publicKey: KeyObject; expiresIn?: number; nowSeconds?: () => number }) {
  const state: SmartServerState = { tokenRequests: 0, discoveries: 0, rejections: [], jtis: new Set() };
  const check = (form: URLSearchParams): string | undefined => {
    if (form.get("grant_type") !== "client_credentials") return "grant_type";
    if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") return "client_assertion_type";
    if (!form.get("scope")) return "scope";
    const [h, c, s] = (form.get("client_assertion") ?? "").split(".");
    const header = decode(h);
    const claims = decode(c);
    if (header.alg !== options.alg || header.kid !== options.keyId || header.typ !== "JWT") return "header";
    if (claims.iss !== options.clientId || claims.sub !== options.clientId) return "iss/sub";
    if (claims.aud !== TOKEN_URL) return "aud";
    const now = options.nowSeconds?.() ?? Math.floor(Date.now() / 1000);
    if (typeof claims.exp !== "number" || claims.exp <= now || claims.exp > now + 300) return "exp";
    if (typeof claims.jti !== "string" || state.jtis.has(claims.jti)) return "jti";
    state.jtis.add(claims.jti);
    const key = options.alg === "ES384" ? { key: options.publicKey, dsaEncoding: "ieee-p1363" as const } : options.publicKey;
    if (!verify("sha384", Buffer.from(`${h}.${c}`), key, Buffer.from(s ?? "", "base64url"))) return "signature";
    return undefined;
  };
  const handlers = [
    http.get(`${BASE_URL}/.well-known/smart-configuration`, () => {
      state.discoveries += 1;
      return HttpResponse.json({ token_endpoint: TOKEN_URL, token_endpoint_auth_methods_supported: ["private_key_jwt"], token_endpoint_auth_signing_alg_values_supported: ["RS384", "ES384"] });
    }),
    http.post(TOKEN_URL, async ({ request }) => {
      state.tokenRequests += 1;
      const problem = check(new URLSearchParams(await request.text()));
      if (problem) {
        state.rejections.push(problem);
        return HttpResponse.json({ error: "invalid_client", error_description: `bad ${problem}` }, { status: 401 });
      }
      return HttpResponse.json({ access_token: `token-${state.tokenRequests}`, token_type: "bearer", expires_in: options.expiresIn ?? 300, scope: "system/Appointment.rs" });
    }),
  ];
  return { state, handlers };
}
