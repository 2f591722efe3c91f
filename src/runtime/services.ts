import type { AcuityClient } from "../../connectors/acuity/client.js";
import type { FhirClient } from "../../connectors/fhir/client.js";
import type { Env } from "../config/env.js";
import type { PracticeConfig } from "../config/practice.js";
import type { Engine } from "../engine/port.js";
import type { SmsGateway } from "../messaging/sms-gateway.js";
import type { Store } from "../store/db.js";
import type { StoreCrypto } from "../store/store-crypto.js";

/** The scheduling sources minnow pulls from; at least one is configured (the sandbox EHR by default). */
export interface Sources {
  fhir?: FhirClient;
  acuity?: { client: AcuityClient; clientRefKey: string };
}

/**
 * Everything a route, a workflow step or a CLI command needs, built once at startup
 * (src/runtime/create-services.ts) and passed down. Tests build it with fakes.
 */
export interface Services {
  env: Env;
  config: PracticeConfig;
  store: Store;
  crypto: StoreCrypto;
  engine: Engine;
  sms: SmsGateway;
  sources: Sources;
  clock: { now(): Date };
}
