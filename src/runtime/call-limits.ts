/**
 * Bounds on the calls minnow makes to the systems it talks to. On Trigger.dev the queues bound
 * runs (src/engine/trigger/queues.ts); the embedded engine runs more runs at once than that, since
 * most of a run is waiting on the store, and bounds the calls themselves instead: however large a
 * fan-out grows, at most `queues.ehrReads` requests are in flight to the EHR and `queues.sends` to
 * Twilio. A call over the limit waits its turn, in order.
 */
import type { Resource } from "@medplum/fhirtypes";
import type { FhirClient } from "../../connectors/fhir/client.js";
import type { SmsGateway } from "../messaging/sms-gateway.js";

/** Runs each call when fewer than `max` are in flight. */
export type CallLimit = <T>(call: () => Promise<T>) => Promise<T>;

export function callLimit(max: number): CallLimit {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`callLimit: max must be a whole number of at least 1, got ${max}`);
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };
  return async (call) => {
    if (active < max) active += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await call();
    } finally {
      release();
    }
  };
}

/** The same client, each request under `limit`. */
export function limitFhirCalls(client: FhirClient, limit: CallLimit): FhirClient {
  return {
    baseUrl: client.baseUrl,
    search: (resourceType, params) => limit(() => client.search(resourceType, params)),
    nextPage: (bundle) => limit(() => client.nextPage(bundle)),
    read: <T extends Resource>(resourceType: T["resourceType"], id: string) => limit(() => client.read<T>(resourceType, id)),
    update: <T extends Resource & { id?: string }>(resource: T, options?: { ifMatchVersion?: string }) => limit(() => client.update(resource, options)),
    create: <T extends Resource>(resource: T, options?: { ifNoneExist?: string }) => limit(() => client.create(resource, options)),
    batch: (bundle) => limit(() => client.batch(bundle)),
    remove: (resourceType, id) => limit(() => client.remove(resourceType, id)),
    metadata: () => limit(() => client.metadata()),
    http: (url, init) => limit(() => client.http(url, init)),
  };
}

/** The same gateway, each call to the provider under `limit`. */
export function limitSmsCalls(gateway: SmsGateway, limit: CallLimit): SmsGateway {
  return {
    sender: gateway.sender,
    send: (input) => limit(() => gateway.send(input)),
    findSent: (input) => limit(() => gateway.findSent(input)),
  };
}

/** The EHR and Twilio, each under its own limit from the practice's `queues` (fixed at start). */
export function limitExternalCalls<S extends { fhir?: FhirClient }>(sources: S, sms: SmsGateway, queues: { ehrReads: number; sends: number }): { sources: S; sms: SmsGateway } {
  return {
    sources: sources.fhir ? { ...sources, fhir: limitFhirCalls(sources.fhir, callLimit(queues.ehrReads)) } : sources,
    sms: limitSmsCalls(sms, callLimit(queues.sends)),
  };
}
