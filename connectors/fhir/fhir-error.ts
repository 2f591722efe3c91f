/**
 * One error type for every failed FHIR call. Its message carries the HTTP status and, for each
 * OperationOutcome issue, its severity, type and detail codes: never the diagnostics or detail
 * text (an EHR's diagnostics can quote the patient), the request body or a returned resource.
 * Messages are stored in the journal, so nothing remote is kept verbatim (src/remote-code.ts).
 * The original error stays on `cause`, in memory only.
 */
import { remoteCode } from "../../src/remote-code.js";

export interface OutcomeIssue {
  severity?: string;
  /** The issue type (IssueType), e.g. "business-rule", "not-found". */
  code?: string;
  /** `details.coding[].code`, e.g. a vendor's error code. */
  detailCodes: string[];
}

const MAX_ISSUES = 10;

export class FhirRequestError extends Error {
  override name = "FhirRequestError";
  /** The HTTP status, also as `code` so `errorKind()` log lines carry it. */
  readonly code: number | "timeout" | "network";
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly issues: OutcomeIssue[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = status ?? (isTimeout(options?.cause) ? "timeout" : "network");
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function detailCodes(details: unknown): string[] {
  if (!isRecord(details) || !Array.isArray(details.coding)) return [];
  return details.coding.filter(isRecord).flatMap((coding) => remoteCode(coding.code) ?? []);
}

/** The issues of an OperationOutcome body, as codes only; empty for anything else (a resource, HTML, nothing). */
export function outcomeIssues(data: unknown): OutcomeIssue[] {
  if (!isRecord(data) || data.resourceType !== "OperationOutcome" || !Array.isArray(data.issue)) return [];
  return data.issue
    .filter(isRecord)
    .slice(0, MAX_ISSUES)
    .map((issue) => {
      const severity = remoteCode(issue.severity);
      const code = remoteCode(issue.code);
      return { ...(severity ? { severity } : {}), ...(code ? { code } : {}), detailCodes: detailCodes(issue.details) };
    });
}

function describeIssues(issues: OutcomeIssue[]): string {
  return issues.map((i) => [i.severity, i.code].filter(Boolean).join("/") + (i.detailCodes.length ? ` (${i.detailCodes.join(", ")})` : "")).join("; ");
}

interface HeaderReader {
  get(name: string): string | null;
}

function isHeaderReader(value: unknown): value is HeaderReader {
  return isRecord(value) && typeof value.get === "function";
}

function isTimeout(err: unknown): boolean {
  return isRecord(err) && (err.name === "TimeoutError" || err.name === "AbortError");
}

/** The request timed out or never reached the server: it got no HTTP answer at all. */
export function isTransportFailure(err: unknown): boolean {
  if (isTimeout(err)) return true;
  // Node's fetch reports refused, reset and dropped connections as this TypeError.
  return err instanceof TypeError && err.message === "fetch failed";
}

/** The HTTP status and response headers fhir-kit-client attaches to a failed request. */
export function responseOf(err: unknown): { status?: number; data?: unknown; headers?: HeaderReader } {
  if (!isRecord(err)) return {};
  const response = isRecord(err.response) ? err.response : undefined;
  const config = isRecord(err.config) ? err.config : undefined;
  const status = typeof response?.status === "number" ? response.status : undefined;
  const headers = isHeaderReader(config?.headers) ? config.headers : undefined;
  return { status, data: response?.data, headers };
}

/** Wraps whatever fhir-kit-client threw for `what` (e.g. "GET Appointment search"). */
export function toFhirRequestError(what: string, err: unknown, context: { timeoutMs?: number; note?: string } = {}): FhirRequestError {
  if (err instanceof FhirRequestError) return err;
  const { status, data } = responseOf(err);
  const note = context.note ? ` (${context.note})` : "";
  if (status === undefined) {
    const reason = isTimeout(err) ? `timed out after ${context.timeoutMs ?? "?"} ms` : "could not reach the server";
    return new FhirRequestError(`FHIR ${what} ${reason}${note}; check the base URL and that the EHR is up.`, undefined, [], { cause: err });
  }
  const issues = outcomeIssues(data);
  const said = issues.length ? ` — server says: ${describeIssues(issues)}` : "";
  return new FhirRequestError(`FHIR ${what} failed with HTTP ${status}${note}${said}`, status, issues, { cause: err });
}
