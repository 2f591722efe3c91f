import { Client, type FhirResource, type PaginationParams, type RequestOptions, type SearchParams } from "fhir-kit-client";
import type { Bundle, CapabilityStatement, Resource } from "@medplum/fhirtypes";
import { log } from "../../src/log.js";
import { measureExternalCall } from "../../src/metrics/registry.js";
import { fhirConnectionSchema, type FhirConnectionInput } from "./auth.js";
import { isTransportFailure, responseOf, toFhirRequestError } from "./fhir-error.js";
import { decideRetry, defaultRetryPolicy, type RetryPolicy } from "./retry-after.js";
import { createSmartTokenProvider, type SmartTokenOptions, type TokenProvider } from "./smart-auth.js";

/**
 * A thin layer over fhir-kit-client's `Client`: typed results, auth headers (static or SMART),
 * a timeout per request, polite retries on 429/503 (and, for reads, on 500/502/504 and timeouts),
 * credentials sent only to the base URL's origin, and errors that carry OperationOutcome codes. Everything else in the connector talks to
 * FHIR through this.
 */
export interface FhirClient {
  readonly baseUrl: string;
  search(resourceType: string, params: SearchParams): Promise<Bundle>;
  /** The bundle's `next` page, or undefined on the last page. */
  nextPage(bundle: Bundle): Promise<Bundle | undefined>;
  read<T extends Resource>(resourceType: T["resourceType"], id: string): Promise<T>;
  /** PUT; with `ifMatchVersion`, the server must reject (412) if the resource changed since. */
  update<T extends Resource & { id?: string }>(resource: T, options?: { ifMatchVersion?: string }): Promise<T>;
  /** POST; with `ifNoneExist` (a search query), a match is returned instead of a duplicate. */
  create<T extends Resource>(resource: T, options?: { ifNoneExist?: string }): Promise<T>;
  batch(bundle: Bundle): Promise<Bundle>;
  /** DELETE one resource. */
  remove(resourceType: string, id: string): Promise<void>;
  /** The server's CapabilityStatement (`GET /metadata`). */
  metadata(): Promise<CapabilityStatement>;
  /**
   * A plain HTTP call for what a FHIR REST client cannot do (an asynchronous `$export`, a streamed
   * file): the same credentials, origin rule and one fresh token after a 401; the caller reads the
   * status. `credentials: false` sends none and may go to any origin (a file store's signed URL).
   */
  http(url: string, init?: HttpInit): Promise<Response>;
}

export interface HttpInit {
  method?: string;
  headers?: Record<string, string>;
  credentials?: boolean;
  /** Covers reading the body too; a large file needs more than the per-request default. */
  timeoutMs?: number;
}

export interface FhirClientOptions {
  retry?: Partial<RetryPolicy>;
  tokenProvider?: TokenProvider;
  smart?: SmartTokenOptions;
}

type Call = (options: RequestOptions) => Promise<FhirResource> | undefined;

/** A request that would carry minnow's FHIR credentials to an origin other than the base URL's. */
export class FhirOriginError extends Error {
  override name = "FhirOriginError";
  readonly code = "foreign-origin";
}

const originOf = (url: string, base: string): string => new URL(url, base).origin;

const FHIR_STATUS = { result: () => "2xx" as const, error: (err: unknown) => responseOf(err).status };

export function createFhirClient(input: FhirConnectionInput, options: FhirClientOptions = {}): FhirClient {
  const connection = fhirConnectionSchema.parse(input);
  const { auth, timeoutMs } = connection;
  const origin = originOf(connection.baseUrl, connection.baseUrl);
  // Every request passes here after its headers are set: none leaves for another origin with the token.
  const sameOriginOnly = (url: string): void => {
    if (originOf(url, connection.baseUrl) !== origin) {
      throw new FhirOriginError(`A FHIR request was about to go to ${originOf(url, connection.baseUrl)}, not to FHIR_BASE_URL's origin ${origin}; minnow sends its credentials only to FHIR_BASE_URL's origin.`);
    }
  };
  const kit = new Client({ baseUrl: connection.baseUrl, requestSigner: sameOriginOnly, ...(auth.type === "bearer" ? { bearerToken: auth.token } : {}) });
  const tokens = options.tokenProvider ?? (auth.type === "smart" ? createSmartTokenProvider(connection.baseUrl, auth, options.smart) : undefined);
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };

  async function send<T>(what: string, call: Call, headers: Record<string, string> = {}, idempotent = false): Promise<T | undefined> {
    let retries = 0;
    let reauthorized = false;
    for (;;) {
      const requestHeaders = { ...headers };
      if (tokens) requestHeaders.authorization = `Bearer ${await tokens.getToken()}`;
      try {
        // The operation without the id: "read Appointment/42" is measured as "read:Appointment".
        const operation = what.split("/")[0]?.replace(" ", ":") ?? "other";
        const result = await measureExternalCall("fhir", operation, async () => call({ headers: requestHeaders, signal: AbortSignal.timeout(timeoutMs) }), FHIR_STATUS);
        return result as unknown as T | undefined;
      } catch (err) {
        if (err instanceof FhirOriginError) throw err;
        const { status, headers: responseHeaders } = responseOf(err);
        // A SMART token can be revoked or expire early; one fresh token is worth a second try.
        if (status === 401 && tokens && !reauthorized) {
          tokens.invalidate();
          reauthorized = true;
          continue;
        }
        const transport = status === undefined && isTransportFailure(err);
        const decision = decideRetry(status, responseHeaders?.get("retry-after"), retries, policy, { idempotent, transport });
        if (!decision.retry) throw toFhirRequestError(what, err, { timeoutMs, note: decision.why === "not retryable" ? undefined : decision.why });
        log.warn("fhir.request.retry", { what, status: status ?? (transport ? "no-answer" : undefined), waitMs: decision.waitMs, retry: retries + 1 });
        await policy.sleep(decision.waitMs);
        retries += 1;
      }
    }
  }

  async function required<T>(what: string, call: Call, headers?: Record<string, string>, idempotent = false): Promise<T> {
    const result = await send<T>(what, call, headers, idempotent);
    if (result === undefined) throw new Error(`FHIR ${what} returned nothing; the server's response was empty.`);
    return result;
  }

  async function http(url: string, init: HttpInit = {}): Promise<Response> {
    const credentials = init.credentials !== false;
    if (credentials) sameOriginOnly(url);
    for (let reauthorized = false; ; reauthorized = true) {
      const headers: Record<string, string> = { ...init.headers };
      if (credentials && tokens) headers.authorization = `Bearer ${await tokens.getToken()}`;
      else if (credentials && auth.type === "bearer") headers.authorization = `Bearer ${auth.token}`;
      const limit = init.timeoutMs ?? timeoutMs;
      let response: Response;
      try {
        response = await fetch(url, { method: init.method ?? "GET", headers, signal: AbortSignal.timeout(limit), redirect: credentials ? "error" : "follow" });
      } catch (err) {
        throw toFhirRequestError(`${init.method ?? "GET"} ${new URL(url).pathname}`, err, { timeoutMs: limit });
      }
      if (response.status !== 401 || !tokens || reauthorized) return response;
      await response.body?.cancel();
      tokens.invalidate();
    }
  }

  return {
    baseUrl: connection.baseUrl,
    http,
    search: (resourceType, searchParams) =>
      required(`search ${resourceType}`, (o) => kit.search({ resourceType, searchParams, options: o }), undefined, true),
    nextPage: async (bundle) => {
      const next = bundle.link?.find((link) => link.relation === "next")?.url;
      // Only the origin is named: a paging link's query may carry search values.
      if (next && originOf(next, connection.baseUrl) !== origin) {
        const elsewhere = originOf(next, connection.baseUrl);
        throw new FhirOriginError(`The FHIR server's next page link points to ${elsewhere}, not to FHIR_BASE_URL's origin ${origin}: minnow sends its credentials only to FHIR_BASE_URL's origin, so it stopped paging. Ask the EHR vendor why its paging links leave its base URL, or set FHIR_BASE_URL to the origin they use.`);
      }
      return send("next page", (o) => kit.nextPage({ bundle: bundle as unknown as PaginationParams["bundle"], options: o }), undefined, true);
    },
    read: (resourceType, id) => required(`read ${resourceType}/${id}`, (o) => kit.read({ resourceType, id, options: o }), undefined, true),
    update: (resource, opts = {}) => {
      const { resourceType, id } = resource;
      if (!id) throw new Error(`Cannot update a ${resourceType} without an id.`);
      const headers = opts.ifMatchVersion ? { "if-match": `W/"${opts.ifMatchVersion}"` } : undefined;
      return required(`update ${resourceType}/${id}`, (o) => kit.update({ resourceType, id, body: resource as unknown as FhirResource, options: o }), headers);
    },
    create: (resource, opts = {}) => {
      const headers = opts.ifNoneExist ? { "if-none-exist": opts.ifNoneExist } : undefined;
      return required(`create ${resource.resourceType}`, (o) => kit.create({ resourceType: resource.resourceType, body: resource as unknown as FhirResource, options: o }), headers);
    },
    batch: (bundle) => required("batch", (o) => kit.batch({ body: bundle as unknown as FhirResource, options: o })),
    remove: async (resourceType, id) => void (await send(`delete ${resourceType}/${id}`, (o) => kit.delete({ resourceType, id, options: o }))),
    metadata: () => required("read metadata", (o) => kit.capabilityStatement(o), undefined, true),
  };
}
