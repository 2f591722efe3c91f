/**
 * What minnow keeps of a remote system's error: its codes, never its words. An EHR's
 * OperationOutcome diagnostics, Acuity's message or an OAuth error_description may quote a
 * patient, so they are neither stored nor logged. A code is kept only if it looks like one.
 */
const CODE = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/;

/** The code, "(unrecognized)" when the field holds something else (free text), undefined when absent. */
export function remoteCode(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  return typeof value === "string" && CODE.test(value.trim()) ? value.trim() : "(unrecognized)";
}
