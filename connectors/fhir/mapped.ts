import { log } from "../../src/log.js";
import type { SkippedResource } from "../records.js";

/**
 * The outcome of mapping one source resource: a record, or a reason it was skipped. Skips are
 * values, not exceptions, so one bad resource never stops a sync.
 */
export type Mapped<T> = { ok: true; value: T } | { ok: false; skipped: SkippedResource };

/** Parses a FHIR instant: undefined when absent, "invalid" when present but unreadable. */
export function parseInstant(value: string | undefined): Date | "invalid" | undefined {
  if (value === undefined) return undefined;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? "invalid" : parsed;
}

/** Maps every item, counting skips and logging each by ref and reason only. */
export function partitionMapped<I, T>(items: readonly I[], map: (item: I) => Mapped<T>, event: string): { values: T[]; skipped: SkippedResource[] } {
  const values: T[] = [];
  const skipped: SkippedResource[] = [];
  for (const item of items) {
    const mapped = map(item);
    if (mapped.ok) values.push(mapped.value);
    else {
      skipped.push(mapped.skipped);
      log.warn(event, { ref: mapped.skipped.ref, reason: mapped.skipped.reason });
    }
  }
  return { values, skipped };
}
