/**
 * A Bulk Data `$export` sync that cannot go on: the EHR offers no export, refused minnow's
 * credentials, lost the job, or failed it. `fix` says what a practice manager or EHR admin does
 * next; like the message, it names statuses and codes only, never the server's free text.
 */
export class BulkExportError extends Error {
  override name = "BulkExportError";
  constructor(
    message: string,
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(`${message}; ${fix}`, options);
  }
}

/** The EHR no longer has the export job (404 or 410): it expired or was deleted. */
export class ExportJobGoneError extends BulkExportError {
  override name = "ExportJobGoneError";
}

/** The EHR ran the export job and it failed: asking it again will not help; a new job might. */
export class ExportJobFailedError extends BulkExportError {
  override name = "ExportJobFailedError";
}

export const CREDENTIALS_FIX =
  "check FHIR_AUTH=smart with FHIR_CLIENT_ID, FHIR_KEY_ID and FHIR_PRIVATE_KEY, and that the EHR granted this client bulk access (system/Appointment.rs and system/Patient.rs)";

export const NOT_SUPPORTED_FIX =
  'use a search strategy instead, e.g. fhir.search: { by: location, ids: ["Location/123"] } (README "FHIR search strategies"), or ask the EHR vendor to enable Bulk Data $export for minnow\'s client';

export const EXPIRED_FIX = "nothing to change: the next sync starts a new export; if it keeps happening, the EHR deletes finished exports sooner than minnow reads them";
