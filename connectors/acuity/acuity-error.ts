/**
 * One error type for every failed Acuity call. Acuity answers errors as
 * `{ status_code, message, error }`. Only `error`, a machine code ("cancel_not_allowed"), is
 * kept: the message is free text that may name a client, and error messages are stored.
 */
import { remoteCode } from "../../src/remote-code.js";

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

/** Acuity's error code from its error body; tolerates HTML or nothing (a proxy in the way). */
export function acuityErrorCode(data: unknown): string | undefined {
  return isRecord(data) ? remoteCode(data.error) : undefined;
}

export function isTimeoutError(err: unknown): boolean {
  return err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
}
