import { z } from "zod";
import { log } from "../../../src/log.js";
import type { FhirClient } from "../client.js";
import { outcomeIssues } from "../fhir-error.js";
import { parseRetryAfter } from "../retry-after.js";
import { BulkExportError, CREDENTIALS_FIX, EXPIRED_FIX, ExportJobFailedError, ExportJobGoneError } from "./export-error.js";

/**
 * Polls an export's status URL until the manifest is ready. 202 means "still working": minnow waits
 * as long as `Retry-After` says (or backs off when it says nothing), and so for a 429 or 503. A 404
 * or 410 means the job expired or was deleted; any other error fails the export.
 */
const manifestSchema = z.object({
  transactionTime: z.string().min(1),
  requiresAccessToken: z.boolean().default(true),
  output: z.array(z.object({ type: z.string(), url: z.string().min(1), count: z.number().optional() })).default([]),
  error: z.array(z.object({ type: z.string(), url: z.string().min(1) })).default([]),
});

export type ExportManifest = z.infer<typeof manifestSchema>;

export interface PollPolicy {
  /** The wait when the server gives no Retry-After; doubled on each poll up to maxWaitMs. */
  baseDelayMs: number;
  /** The longest single wait, whatever Retry-After asks. */
  maxWaitMs: number;
  /** How long the export may take in all before minnow gives up on it. */
  deadlineMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
}

export const defaultPollPolicy: PollPolicy = {
  baseDelayMs: 1_000,
  maxWaitMs: 120_000,
  deadlineMs: 30 * 60_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => new Date(),
};

const WAIT_STATUSES = new Set([202, 429, 503]);

async function failure(response: Response): Promise<BulkExportError> {
  const { status } = response;
  const body: unknown = await response.json().catch(() => undefined);
  const codes = outcomeIssues(body).map((i) => i.code ?? "?");
  const said = codes.length ? `, server says: ${codes.join(", ")}` : "";
  if (status === 404 || status === 410) return new ExportJobGoneError(`The EHR's export job is gone (HTTP ${status}${said}): it expired or was deleted before minnow finished reading it`, EXPIRED_FIX);
  if (status === 401 || status === 403) return new BulkExportError(`The EHR refused minnow's credentials while it checked on an export (HTTP ${status}${said})`, CREDENTIALS_FIX);
  return new ExportJobFailedError(`The EHR's export failed (HTTP ${status}${said})`, "the next sync asks for a new export; if it keeps failing, ask the EHR vendor what the export job reported");
}

export async function awaitManifest(client: FhirClient, statusUrl: string, policy: Partial<PollPolicy> = {}): Promise<ExportManifest> {
  const p = { ...defaultPollPolicy, ...policy };
  const deadline = p.now().getTime() + p.deadlineMs;
  for (let polls = 0; ; polls += 1) {
    const response = await client.http(statusUrl, { headers: { accept: "application/json" } });
    if (response.status === 200) {
      const parsed = manifestSchema.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success) throw new BulkExportError("The EHR's export manifest is not one minnow can read (no transactionTime or output list)", "ask the EHR vendor whether its $export follows the Bulk Data IG");
      return parsed.data;
    }
    if (!WAIT_STATUSES.has(response.status)) throw await failure(response);
    await response.body?.cancel();
    const asked = parseRetryAfter(response.headers.get("retry-after"), p.now());
    const waitMs = Math.min(asked ?? p.baseDelayMs * 2 ** Math.min(polls, 10), p.maxWaitMs);
    if (p.now().getTime() + waitMs > deadline) {
      throw new BulkExportError(`The EHR's export did not finish within ${Math.round(p.deadlineMs / 60_000)} minutes`, "the next sync asks again; if exports keep running this long, sync less often or export a smaller Group");
    }
    log.debug("fhir.export.waiting", { status: response.status, waitMs, polls: polls + 1 });
    await p.sleep(waitMs);
  }
}
