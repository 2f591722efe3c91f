import { createPublicKey, randomBytes, verify, type KeyObject } from "node:crypto";
import type { Context, Hono, MiddlewareHandler } from "hono";

/**
 * SMART Backend Services on the sandbox EHR, for tests of minnow's own client: discovery at
 * `[base]/.well-known/smart-configuration`, a token endpoint that checks the client assertion as
 * a real authorization server must (alg for the key, kid, iss = sub = client_id, aud = the token
 * URL, exp at most five minutes out, a jti never seen before, and the signature), and a bearer
 * check on every FHIR request except the CapabilityStatement.
 */
export interface SandboxSmartClient {
  clientId: string;
  keyId: string;
  /** The client's public key (PEM or a KeyObject): RSA for RS384, EC P-384 for ES384. */
  publicKey: string | KeyObject;
  tokenSeconds?: number;
}

export const TOKEN_PATH = "/auth/token";
const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

function decode(part: string | undefined): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8"));
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Why the assertion is refused, or undefined when it is good. */
function assertionProblem(form: URLSearchParams, client: SandboxSmartClient, key: KeyObject, tokenUrl: string, jtis: Set<string>): string | undefined {
  if (form.get("grant_type") !== "client_credentials") return "grant_type";
  if (form.get("client_assertion_type") !== JWT_BEARER) return "client_assertion_type";
  const [h, c, s] = (form.get("client_assertion") ?? "").split(".");
  const header = decode(h);
  const claims = decode(c);
  const alg = key.asymmetricKeyType === "ec" ? "ES384" : "RS384";
  if (header.alg !== alg || header.kid !== client.keyId) return "alg/kid";
  if (claims.iss !== client.clientId || claims.sub !== client.clientId) return "iss/sub";
  if (claims.aud !== tokenUrl) return "aud";
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== "number" || claims.exp <= now || claims.exp > now + 300) return "exp";
  if (typeof claims.jti !== "string" || jtis.has(claims.jti)) return "jti";
  const signer = alg === "ES384" ? { key, dsaEncoding: "ieee-p1363" as const } : key;
  if (!verify("sha384", Buffer.from(`${h}.${c}`), signer, Buffer.from(s ?? "", "base64url"))) return "signature";
  jtis.add(claims.jti);
  return undefined;
}

/** Mounts discovery and the token endpoint; returns the bearer check for the FHIR routes. */
export function mountSmartToken(app: Hono, basePath: string, client: SandboxSmartClient): MiddlewareHandler {
  const key = typeof client.publicKey === "string" ? createPublicKey(client.publicKey) : client.publicKey;
  const tokens = new Map<string, number>();
  const jtis = new Set<string>();
  const tokenUrlOf = (c: Context) => `${new URL(c.req.url).origin}${TOKEN_PATH}`;

  app.get(`${basePath}/.well-known/smart-configuration`, (c) =>
    c.json({ token_endpoint: tokenUrlOf(c), token_endpoint_auth_methods_supported: ["private_key_jwt"], token_endpoint_auth_signing_alg_values_supported: ["RS384", "ES384"], grant_types_supported: ["client_credentials"] }),
  );

  app.post(TOKEN_PATH, async (c) => {
    const problem = assertionProblem(new URLSearchParams(await c.req.text()), client, key, tokenUrlOf(c), jtis);
    if (problem) return c.json({ error: "invalid_client", error_description: `client assertion refused: ${problem}` }, 401);
    const token = randomBytes(24).toString("base64url");
    const seconds = client.tokenSeconds ?? 300;
    tokens.set(token, Date.now() + seconds * 1000);
    return c.json({ access_token: token, token_type: "bearer", expires_in: seconds, scope: "system/*.rs" });
  });

  return async (c, next) => {
    if (c.req.path === `${basePath}/metadata` || c.req.path.startsWith(`${basePath}/.well-known/`)) return next();
    const token = /^Bearer (.+)$/.exec(c.req.header("authorization") ?? "")?.[1];
    const expires = token ? tokens.get(token) : undefined;
    if (!expires || expires < Date.now()) {
      return c.json({ resourceType: "OperationOutcome", issue: [{ severity: "error", code: "login", diagnostics: "A valid bearer token from the token endpoint is required" }] }, 401);
    }
    return next();
  };
}
