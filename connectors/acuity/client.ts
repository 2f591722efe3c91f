import { decideRetry, defaultRetryPolicy, type RetryPolicy } from "../fhir/retry-after.js";
import { log } from "../../src/log.js";
import { measureExternalCall } from "../../src/metrics/registry.js";
import { acuityAuthSchema, basicAuthHeader, type AcuityAuthInput } from "./auth.js";
import { AcuityApiError, acuityErrorCode, isTimeoutError } from "./acuity-error.js";

/**
 * A small fetch-based client for Acuity API v1: basic auth, a timeout per request, polite retries
 * when Acuity rate-limits (429 with Retry-After) or is briefly unavailable (503), and errors that
 * name the call and the status. Returns parsed JSON as `unknown`; callers validate its shape.
 */
export interface AcuityRequest {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

export interface AcuityClient {
  readonly baseUrl: string;
  request(method: "GET" | "POST" | "PUT" | "DELETE", path: string, request?: AcuityRequest): Promise<unknown>;
}

export interface AcuityClientOptions {
  retry?: Partial<RetryPolicy>;
  fetch?: typeof fetch;
}

const ACUITY_STATUS = { result: (response: Response) => response.status, error: () => undefined };

function buildUrl(baseUrl: string, path: string, query: AcuityRequest["query"]): string {
  const url = new URL(baseUrl.replace(/\/+$/, "") + path);
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
  return url.toString();
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // an HTML error page; callers see it as a non-object
  }
}

export function createAcuityClient(input: AcuityAuthInput, options: AcuityClientOptions = {}): AcuityClient {
  const auth = acuityAuthSchema.parse(input);
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const doFetch = options.fetch ?? fetch;
  const authorization = basicAuthHeader(auth);

  async function request(method: "GET" | "POST" | "PUT" | "DELETE", path: string, req: AcuityRequest = {}): Promise<unknown> {
    const url = buildUrl(auth.baseUrl, path, req.query);
    const what = `Acuity ${method} ${path}`;
    // The collection, not the id: "GET /appointments/42" is measured as "GET:appointments".
    const operation = `${method}:${path.split("/")[1] ?? ""}`;
    for (let retries = 0; ; retries++) {
      let response: Response;
      try {
        const init = {
          method,
          headers: { authorization, accept: "application/json", ...(req.body === undefined ? {} : { "content-type": "application/json" }) },
          body: req.body === undefined ? undefined : JSON.stringify(req.body),
          signal: AbortSignal.timeout(auth.timeoutMs),
        };
        response = await measureExternalCall("acuity", operation, () => doFetch(url, init), ACUITY_STATUS);
      } catch (err) {
        const kind = isTimeoutError(err) ? "timeout" : "network";
        const detail = kind === "timeout" ? `timed out after ${auth.timeoutMs} ms` : "could not reach Acuity";
        throw new AcuityApiError(`${what} ${detail}; check ACUITY_BASE_URL and the network, then retry.`, undefined, undefined, { cause: err, kind });
      }
      const data = await readJson(response);
      if (response.ok) return data;
      const decision = decideRetry(response.status, response.headers.get("retry-after"), retries, policy);
      if (decision.retry) {
        log.warn("acuity.request.retry", { method, path, status: response.status, waitMs: decision.waitMs, retries });
        await policy.sleep(decision.waitMs);
        continue;
      }
      const error = acuityErrorCode(data);
      const reason = error ?? "no error code";
      const hint = response.status === 401 ? " Check ACUITY_USER_ID and ACUITY_API_KEY." : decision.why === "not retryable" ? "" : ` (${decision.why})`;
      throw new AcuityApiError(`${what} failed with HTTP ${response.status} (${reason}).${hint}`, response.status, error);
    }
  }

  return { baseUrl: auth.baseUrl, request };
}
