import { createPrivateKey, randomUUID, sign, type KeyObject } from "node:crypto";

/**
 * The SMART Backend Services client assertion: a JWT signed with the client's private key,
 * `iss = sub = client_id`, `aud` = the token URL, a short expiry and a unique `jti`
 * (hl7.org/fhir/smart-app-launch/backend-services.html).
 */
export type AssertionAlg = "RS384" | "ES384";

/** SMART caps the assertion's lifetime at five minutes. */
export const MAX_ASSERTION_SECONDS = 300;

export interface AssertionInput {
  clientId: string;
  tokenUrl: string;
  privateKey: string | KeyObject;
  keyId: string;
  alg?: AssertionAlg;
  nowSeconds: number;
  lifetimeSeconds?: number;
  jti?: string;
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

/** The algorithm the key can sign with, or an error that says which key SMART needs. */
export function algorithmFor(key: KeyObject, asked?: AssertionAlg): AssertionAlg {
  const type = key.asymmetricKeyType;
  if (type === "rsa") {
    if (asked && asked !== "RS384") throw new Error(`The SMART private key is RSA, so it signs RS384, not ${asked}; fix auth.alg or the key.`);
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw new Error("The SMART RSA private key is shorter than 2048 bits; generate a 2048-bit or longer key.");
    return "RS384";
  }
  if (type === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve !== "secp384r1") throw new Error(`The SMART EC private key is on ${curve ?? "an unknown curve"}; ES384 needs P-384 (secp384r1).`);
    if (asked && asked !== "ES384") throw new Error(`The SMART private key is EC P-384, so it signs ES384, not ${asked}; fix auth.alg or the key.`);
    return "ES384";
  }
  throw new Error(`The SMART private key is ${type ?? "of an unknown type"}; use an RSA (RS384) or EC P-384 (ES384) key.`);
}

export function loadPrivateKey(privateKey: string | KeyObject): KeyObject {
  if (typeof privateKey !== "string") return privateKey;
  try {
    return createPrivateKey(privateKey);
  } catch (err) {
    throw new Error("Could not read the SMART private key; it must be a PEM private key (PKCS#8, PKCS#1 or SEC1).", { cause: err });
  }
}

export function signClientAssertion(input: AssertionInput): string {
  const key = loadPrivateKey(input.privateKey);
  const alg = algorithmFor(key, input.alg);
  const lifetime = Math.min(input.lifetimeSeconds ?? MAX_ASSERTION_SECONDS, MAX_ASSERTION_SECONDS);
  const header = { alg, kid: input.keyId, typ: "JWT" };
  const claims = {
    iss: input.clientId,
    sub: input.clientId,
    aud: input.tokenUrl,
    exp: input.nowSeconds + lifetime,
    iat: input.nowSeconds,
    jti: input.jti ?? randomUUID(),
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  // JWS wants the raw r||s form for ECDSA, not node's default DER.
  const signature = alg === "ES384"
    ? sign("sha384", Buffer.from(signingInput), { key, dsaEncoding: "ieee-p1363" })
    : sign("sha384", Buffer.from(signingInput), key);
  return `${signingInput}.${base64url(signature)}`;
}
