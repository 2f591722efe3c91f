import { generateKeyPairSync } from "node:crypto";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { signClientAssertion } from "../../../connectors/fhir/client-assertion.js";
import { createFhirClient } from "../../../connectors/fhir/client.js";
import { createSmartTokenProvider, discoverTokenEndpoint } from "../../../connectors/fhir/smart-auth.js";
import { BASE_URL, patient } from "./helpers/fixtures.js";
import { useMsw } from "./helpers/msw.js";
import { keyPair, smartHandlers, TOKEN_URL } from "./helpers/smart-server.js";

const server = useMsw();
const keys = { RS384: keyPair("RS384"), ES384: keyPair("ES384") };

function smartAuth(alg: "RS384" | "ES384", extra: Record<string, string> = {}) {
  return { type: "smart" as const, clientId: "minnow-test", privateKey: keys[alg].privatePem, keyId: `kid-${alg}`, scope: "system/Appointment.rs", ...extra };
}

describe("SMART Backend Services", () => {
  it.each(["RS384", "ES384"] as const)("gets a token with a %s assertion the server verifies", async (alg) => {
    const { state, handlers } = smartHandlers({ clientId: "minnow-test", keyId: `kid-${alg}`, alg, publicKey: keys[alg].publicKey });
    server.use(...handlers);
    const provider = createSmartTokenProvider(BASE_URL, smartAuth(alg));
    expect(await provider.getToken()).toBe("token-1");
    expect(state.rejections).toEqual([]);
    expect(state.discoveries).toBe(1);
  });

  it("a server that checks signatures rejects an assertion signed with another key", async () => {
    const { state, handlers } = smartHandlers({ clientId: "minnow-test", keyId: "kid-ES384", alg: "ES384", publicKey: keyPair("ES384").publicKey });
    server.use(...handlers);
    const provider = createSmartTokenProvider(BASE_URL, smartAuth("ES384"));
    await expect(provider.getToken()).rejects.toThrow("SMART token request to http://auth.test/oauth/token was refused (HTTP 401, invalid_client)");
    expect(state.rejections).toEqual(["signature"]);
  });

  it("signs iss = sub = client_id, aud = token URL, exp at most five minutes out, and a new jti each time", () => {
    const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString()) as Record<string, unknown>;
    const a = claimsOf(signClientAssertion({ clientId: "c1", tokenUrl: TOKEN_URL, privateKey: keys.RS384.privatePem, keyId: "k", nowSeconds: 1000, lifetimeSeconds: 3600 }));
    const b = claimsOf(signClientAssertion({ clientId: "c1", tokenUrl: TOKEN_URL, privateKey: keys.RS384.privatePem, keyId: "k", nowSeconds: 1000 }));
    expect(a).toMatchObject({ iss: "c1", sub: "c1", aud: TOKEN_URL, exp: 1300, iat: 1000 });
    expect(a.jti).not.toBe(b.jti);
  });

  it.each<[string, () => string, string]>([
    ["a P-256 key", () => generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString(), "ES384 needs P-384"],
    ["a short RSA key", () => generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString(), "shorter than 2048 bits"],
    ["an Ed25519 key", () => generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString(), "use an RSA (RS384) or EC P-384 (ES384) key"],
    ["garbage", () => "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----", "Could not read the SMART private key"],
  ])("refuses %s with a clear error", (_name, pem, message) => {
    expect(() => signClientAssertion({ clientId: "c1", tokenUrl: TOKEN_URL, privateKey: pem(), keyId: "k", nowSeconds: 1000 })).toThrow(message);
  });

  it("refuses an alg that does not match the key", () => {
    expect(() => signClientAssertion({ clientId: "c1", tokenUrl: TOKEN_URL, privateKey: keys.RS384.privatePem, keyId: "k", alg: "ES384", nowSeconds: 1 })).toThrow("signs RS384, not ES384");
  });

  it("caches the token, refreshes it before expiry, and shares one request between concurrent callers", async () => {
    let now = 1_900_000_000_000;
    const { state, handlers } = smartHandlers({ clientId: "minnow-test", keyId: "kid-ES384", alg: "ES384", publicKey: keys.ES384.publicKey, expiresIn: 300, nowSeconds: () => Math.floor(now / 1000) });
    server.use(...handlers);
    const provider = createSmartTokenProvider(BASE_URL, smartAuth("ES384"), { now: () => now });
    expect(await Promise.all([provider.getToken(), provider.getToken(), provider.getToken()])).toEqual(["token-1", "token-1", "token-1"]);
    now += 200_000;
    expect(await provider.getToken()).toBe("token-1");
    now += 41_000; // 241 s in: inside the 60 s refresh margin of a 300 s token
    expect(await provider.getToken()).toBe("token-2");
    expect(state.tokenRequests).toBe(2);
    expect(state.discoveries).toBe(1);
    provider.invalidate();
    expect(await provider.getToken()).toBe("token-3");
  });

  it("skips discovery when the token URL is configured", async () => {
    const { state, handlers } = smartHandlers({ clientId: "minnow-test", keyId: "kid-RS384", alg: "RS384", publicKey: keys.RS384.publicKey });
    server.use(...handlers);
    await createSmartTokenProvider(BASE_URL, smartAuth("RS384", { tokenUrl: TOKEN_URL })).getToken();
    expect(state.discoveries).toBe(0);
  });

  it.each<[string, () => Response, string]>([
    ["a 404", () => new Response(null, { status: 404 }), "answered HTTP 404; set auth.tokenUrl explicitly"],
    ["no token_endpoint", () => HttpResponse.json({ authorization_endpoint: "http://auth.test/authorize" }), "has no usable token_endpoint"],
  ])("explains a failed discovery (%s)", async (_name, reply, message) => {
    server.use(http.get(`${BASE_URL}/.well-known/smart-configuration`, reply));
    await expect(discoverTokenEndpoint(BASE_URL)).rejects.toThrow(message);
  });

  it("the FHIR client sends the SMART token and re-authenticates once on 401", async () => {
    const { state, handlers } = smartHandlers({ clientId: "minnow-test", keyId: "kid-RS384", alg: "RS384", publicKey: keys.RS384.publicKey });
    const seen: Array<string | null> = [];
    server.use(...handlers, http.get(`${BASE_URL}/Patient/p1`, ({ request }) => {
      seen.push(request.headers.get("authorization"));
      return seen.length === 1 ? new HttpResponse(null, { status: 401 }) : HttpResponse.json(patient("p1"));
    }));
    const client = createFhirClient({ baseUrl: BASE_URL, auth: smartAuth("RS384") });
    expect((await client.read("Patient", "p1")).id).toBe("p1");
    expect(seen).toEqual(["Bearer token-1", "Bearer token-2"]);
    expect(state.tokenRequests).toBe(2);
  });
});
