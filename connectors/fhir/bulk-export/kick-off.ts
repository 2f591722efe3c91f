import { log } from "../../../src/log.js";
import type { FhirClient } from "../client.js";
import { outcomeIssues } from "../fhir-error.js";
import { idOf } from "../references.js";
import { decideRetry, defaultRetryPolicy, type RetryPolicy } from "../retry-after.js";
import { BulkExportError, CREDENTIALS_FIX, NOT_SUPPORTED_FIX } from "./export-error.js";

/**
 * Starts a Bulk Data export (hl7.org/fhir/uv/bulkdata): `GET [base]/Group/[id]/$export`, or the
 * system-level `[base]/$export`, with `Prefer: respond-async`. The server answers 202 with the
 * job's status URL in `Content-Location`. A 429 or 503 is waited out as its `Retry-After` asks.
 */
export interface ExportRequest {
  /** `Group/<id>`; none for a system-level export. */
  group?: string;
  types: readonly string[];
  /** Only resources changed after this instant (the last export's transactionTime). */
  since?: string;
}

export function exportUrl(baseUrl: string, request: ExportRequest): string {
  const base = baseUrl.replace(/\/+$/, "");
  const path = request.group ? `${base}/Group/${encodeURIComponent(idOf(request.group))}/$export` : `${base}/$export`;
  const query = new URLSearchParams({ _type: request.types.join(",") });
  if (request.since) query.set("_since", request.since);
  return `${path}?${query.toString()}`;
}

async function issuesOf(response: Response): Promise<string> {
  const body: unknown = await response.json().catch(() => undefined);
  const codes = outcomeIssues(body).map((i) => i.code ?? "?");
  return codes.length ? `, server says: ${codes.join(", ")}` : "";
}

async function refusal(response: Response, what: string): Promise<BulkExportError> {
  const { status } = response;
  const said = await issuesOf(response);
  if (status === 401 || status === 403) return new BulkExportError(`The EHR refused minnow's credentials for ${what} (HTTP ${status}${said})`, CREDENTIALS_FIX);
  if (status === 404 || status === 405 || status === 501 || said.includes("not-supported")) {
    return new BulkExportError(`The EHR does not offer ${what} (HTTP ${status}${said})`, NOT_SUPPORTED_FIX);
  }
  return new BulkExportError(`The EHR refused ${what} (HTTP ${status}${said})`, "check fhir.search.group names a Group on this EHR, or use a search strategy instead");
}

export async function kickOffExport(client: FhirClient, request: ExportRequest, retry: Partial<RetryPolicy> = {}): Promise<string> {
  const policy = { ...defaultRetryPolicy, ...retry };
  const url = exportUrl(client.baseUrl, request);
  const what = request.group ? "a Group $export" : "a system-level $export";
  for (let retries = 0; ; retries += 1) {
    const response = await client.http(url, { headers: { accept: "application/fhir+json", prefer: "respond-async" } });
    if (response.status === 202) {
      await response.body?.cancel();
      const location = response.headers.get("content-location");
      if (!location) throw new BulkExportError(`The EHR accepted ${what} but gave no status URL (Content-Location)`, NOT_SUPPORTED_FIX);
      return new URL(location, `${client.baseUrl.replace(/\/+$/, "")}/`).toString();
    }
    const decision = decideRetry(response.status, response.headers.get("retry-after"), retries, policy);
    if (!decision.retry) throw await refusal(response, what);
    await response.body?.cancel();
    log.warn("fhir.export.kickoff_retry", { status: response.status, waitMs: decision.waitMs, retry: retries + 1 });
    await policy.sleep(decision.waitMs);
  }
}
