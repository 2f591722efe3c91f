import { createAcuityClient } from "../../connectors/acuity/client.js";
import type { FhirConnectionInput } from "../../connectors/fhir/auth.js";
import { createFhirClient } from "../../connectors/fhir/client.js";
import { ConfigError, type Env } from "../config/env.js";
import { startSandboxEhr, type SandboxEhr, type SandboxEhrOptions } from "../sandbox/ehr-server.js";
import type { StoreCrypto } from "../store/store-crypto.js";
import type { Sources } from "./services.js";

export interface RuntimeSources {
  sources: Sources;
  /** Set when no real source is configured and the sandbox EHR runs in-process. */
  sandboxEhr?: SandboxEhr;
  close(): Promise<void>;
}

function required(env: Env, name: "FHIR_BEARER_TOKEN" | "FHIR_CLIENT_ID" | "FHIR_PRIVATE_KEY" | "FHIR_KEY_ID", why: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`${name} is not set: ${why}.`);
  return value;
}

/** FHIR_AUTH and its variables as the connector's auth shape; a missing variable is named. */
export type FhirAuthInput = NonNullable<FhirConnectionInput["auth"]>;

export function fhirAuthFromEnv(env: Env): FhirAuthInput {
  switch (env.FHIR_AUTH) {
    case "none":
      return { type: "none" };
    case "bearer":
      return { type: "bearer", token: required(env, "FHIR_BEARER_TOKEN", "FHIR_AUTH=bearer needs the token the EHR issued") };
    case "smart":
      return {
        type: "smart",
        clientId: required(env, "FHIR_CLIENT_ID", "FHIR_AUTH=smart needs the client id registered with the EHR"),
        privateKey: required(env, "FHIR_PRIVATE_KEY", "FHIR_AUTH=smart needs the PEM private key whose public half the EHR holds"),
        keyId: required(env, "FHIR_KEY_ID", "FHIR_AUTH=smart needs the kid of that key in the JWKS registered with the EHR"),
        ...(env.FHIR_SCOPE ? { scope: env.FHIR_SCOPE } : {}),
      };
  }
}

function acuityFromEnv(env: Env, crypto: StoreCrypto): Sources["acuity"] {
  if (!env.ACUITY_USER_ID && !env.ACUITY_API_KEY) return undefined;
  if (!env.ACUITY_USER_ID || !env.ACUITY_API_KEY) {
    throw new ConfigError("Acuity needs both ACUITY_USER_ID and ACUITY_API_KEY (Acuity > Integrations > API); set both or neither.");
  }
  const client = createAcuityClient({ userId: env.ACUITY_USER_ID, apiKey: env.ACUITY_API_KEY, ...(env.ACUITY_BASE_URL ? { baseUrl: env.ACUITY_BASE_URL } : {}) });
  // Derived from the blind-index key, which survives data-key rotation, so patient refs stay stable.
  const clientRefKey = crypto.index.hmac("acuity-client-ref-key", "v1");
  return { client, clientRefKey };
}

/**
 * The scheduling sources: FHIR_BASE_URL and ACUITY_* select the real systems; with neither,
 * the sandbox EHR starts in-process on a free local port and is used over HTTP like a real one.
 */
export async function createSources(env: Env, crypto: StoreCrypto, opts: Pick<SandboxEhrOptions, "now" | "timeZone" | "stateFile" | "clock"> = {}): Promise<RuntimeSources> {
  const acuity = acuityFromEnv(env, crypto);
  if (env.FHIR_BASE_URL) {
    const fhir = createFhirClient({ baseUrl: env.FHIR_BASE_URL, auth: fhirAuthFromEnv(env) });
    return { sources: { fhir, ...(acuity ? { acuity } : {}) }, close: async () => undefined };
  }
  if (acuity) return { sources: { acuity }, close: async () => undefined };
  const sandboxEhr = await startSandboxEhr(opts);
  const fhir = createFhirClient({ baseUrl: sandboxEhr.baseUrl, auth: { type: "none" } });
  return { sources: { fhir }, sandboxEhr, close: () => sandboxEhr.close() };
}
