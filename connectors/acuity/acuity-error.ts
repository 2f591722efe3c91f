/**
 * One error type for every failed Acuity call. Acuity answers errors as
 * `{ status_code, message, error }`; the message is Acuity's own wording (e.g. "Clients are not
 * allowed to cancel."), never a request body, so it is safe to keep.
 */
export class AcuityApiError extends Error {
  override name = "AcuityApiError";
  /** The HTTP status, or how the call failed without one; `errorKind()` log lines carry it. */
  readonly code: number | "timeout" | "network" | "invalid-response";
  constructor(
    message: string,
    readonly status: number | undefined,
    /** Acuity's machine-readable `error`, e.g. "cancel_not_allowed". */
    readonly acuityError: string | undefined,
    options?: { cause?: unknown; kind?: "timeout" | "network" | "invalid-response" },
  ) {
    super(message, options);
    this.code = status ?? options?.kind ?? "network";
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Reads Acuity's error body; tolerates HTML or nothing (a proxy in the way). */
export function acuityErrorBody(data: unknown): { message?: string; error?: string } {
  if (!isRecord(data)) return {};
  const out: { message?: string; error?: string } = {};
  if (typeof data.message === "string" && data.message.trim()) out.message = data.message.trim().slice(0, 300);
  if (typeof data.error === "string" && data.error.trim()) out.error = data.error.trim();
  return out;
}

export function isTimeoutError(err: unknown): boolean {
  return err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
}
