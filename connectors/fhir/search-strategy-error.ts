/**
 * The sync cannot search the EHR's schedule the way it is set up: the configured strategy breaks
 * the server profile, the server's CapabilityStatement rules out a practice-wide search, or the
 * server refused a search (400/422). `fix` names the config to set; it is safe to log (no PHI).
 */
export class SearchStrategyError extends Error {
  override name = "SearchStrategyError";
  constructor(
    message: string,
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(`${message}; ${fix}`, options);
  }
}
