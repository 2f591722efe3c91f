/**
 * One error type for every failed FHIR call. Its message carries the server's OperationOutcome
 * diagnostics (what the server says went wrong) but never the request body or a returned resource,
 * which may hold PHI. The original error stays on `cause` for debugging.
 */
export interface OutcomeIssue {
  severity?: string;
  code?: string;
  diagnostics?: string;
}

const MAX_DIAGNOSTICS = 500;

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

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

/** The issues of an OperationOutcome body; empty for anything else (a resource, HTML, nothing). */
export function outcomeIssues(data: unknown): OutcomeIssue[] {
  if (!isRecord(data) || data.resourceType !== "OperationOutcome" || !Array.isArray(data.issue)) return [];
  return data.issue.filter(isRecord).map((issue) => {
    const details = isRecord(issue.details) ? text(issue.details.text) : undefined;
    return { severity: text(issue.severity), code: text(issue.code), diagnostics: text(issue.diagnostics) ?? details };
  });
}

function describeIssues(issues: OutcomeIssue[]): string {
  const described = issues
    .map((i) => [i.severity, i.code].filter(Boolean).join("/") + (i.diagnostics ? `: ${i.diagnostics}` : ""))
    .join("; ");
  return described.length > MAX_DIAGNOSTICS ? `${described.slice(0, MAX_DIAGNOSTICS)}…` : described;
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
