import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * minnow's Prometheus metrics, served at GET /metrics. Counters are process-wide (one registry
 * per process); the store-derived gauges are refreshed at each scrape (store-gauges.ts).
 * No label ever carries PHI: every label value goes through `safeLabel`, which keeps only short
 * code-like words (reasons, intents, statuses, resource types) and turns anything else, above
 * all anything with a phone's worth of digits, into "other".
 */
export const metricsRegistry = new Registry();

let processMetrics = false;
/** CPU, memory and event-loop metrics: only in a process that serves /metrics (they keep a monitor running). */
export function collectProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register: metricsRegistry, prefix: "minnow_" });
}

const CODE_LIKE = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$/;
const MAX_DIGITS = 6;

export function safeLabel(value: string | number | undefined | null): string {
  const text = value === undefined || value === null ? "none" : String(value);
  if (!CODE_LIKE.test(text)) return "other";
  if ((text.match(/\d/g)?.length ?? 0) > MAX_DIGITS) return "other";
  return text;
}

const messages = new Counter({ name: "minnow_messages_total", help: "Outbound messages by outcome (sent, deferred, skipped, failed) and first reason.", labelNames: ["outcome", "reason"], registers: [metricsRegistry] });
const replies = new Counter({ name: "minnow_replies_total", help: "Inbound texts routed, by classified intent.", labelNames: ["intent"], registers: [metricsRegistry] });
const noShows = new Counter({ name: "minnow_appointment_no_shows_total", help: "Appointments the source marked no-show (FHIR noshow, Acuity no-show, HL7 SIU^S26), by source.", labelNames: ["source"], registers: [metricsRegistry] });
const executions = new Counter({ name: "minnow_engine_executions_total", help: "Embedded engine run executions by workflow and how they ended (completed, error, suspended, released).", labelNames: ["workflow", "outcome"], registers: [metricsRegistry] });
const hookDeliveries = new Counter({ name: "minnow_hook_deliveries_total", help: "REST-hook delivery attempts by outcome (delivered, retrying, failed, gone).", labelNames: ["outcome"], registers: [metricsRegistry] });
const externalSeconds = new Histogram({
  name: "minnow_external_request_duration_seconds",
  help: "Calls to the EHR (fhir, acuity) and to Twilio, by system, operation and HTTP status (network when no answer came).",
  labelNames: ["system", "operation", "status"],
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});
const externalErrors = new Counter({ name: "minnow_external_request_errors_total", help: "Failed calls to the EHR and Twilio (HTTP 4xx/5xx or no answer), by system, operation and status.", labelNames: ["system", "operation", "status"], registers: [metricsRegistry] });

export const engineRuns = new Gauge({ name: "minnow_engine_runs", help: "Embedded engine runs by state, read from the store at scrape time.", labelNames: ["state"], registers: [metricsRegistry] });
export const engineQueueDepth = new Gauge({ name: "minnow_engine_queue_depth", help: "Embedded engine runs due now and not yet claimed by a worker.", registers: [metricsRegistry] });
export const engineTimerLag = new Gauge({ name: "minnow_engine_timer_lag_seconds", help: "How late the most overdue due run is (0 when none is waiting for a worker).", registers: [metricsRegistry] });
export const hookQueueDepth = new Gauge({ name: "minnow_hook_deliveries_due", help: "Hook deliveries due now and not yet attempted.", registers: [metricsRegistry] });
export const inboundQueueDepth = new Gauge({ name: "minnow_inbound_queue_depth", help: "Inbound texts recorded and waiting for this process's router.", registers: [metricsRegistry] });

/** One outbound message's decision, as the audit records it ("message.sent", "message.deferred", …). */
export function recordMessageOutcome(action: string, reasons: readonly string[]): void {
  messages.inc({ outcome: safeLabel(action.replace(/^message\./, "")), reason: safeLabel(reasons[0]) });
}

export function recordReply(intent: string): void {
  replies.inc({ intent: safeLabel(intent) });
}

export function recordNoShow(source: string): void {
  noShows.inc({ source: safeLabel(source) });
}

export function recordEngineExecution(workflowId: string, outcome: string): void {
  executions.inc({ workflow: safeLabel(workflowId), outcome: safeLabel(outcome) });
}

export function recordHookDeliveries(counts: Record<"delivered" | "retrying" | "failed" | "gone", number>): void {
  for (const [outcome, n] of Object.entries(counts)) if (n > 0) hookDeliveries.inc({ outcome }, n);
}

export type ExternalSystem = "fhir" | "acuity" | "twilio";

/** An HTTP status, "2xx" when the client only says it succeeded, or "network" when no answer came. */
export type CallStatus = number | "2xx" | "network";

/** One call to an outside system: its latency, and an error count when it failed. */
export function observeExternalCall(system: ExternalSystem, operation: string, status: CallStatus, seconds: number): void {
  const labels = { system, operation: safeLabel(operation), status: safeLabel(status) };
  externalSeconds.observe(labels, seconds);
  if (status === "network" || (typeof status === "number" && status >= 400)) externalErrors.inc(labels);
}

/** Times `call` and records it; `statusOf` reads the status from a result or an error (undefined: no answer). */
export async function measureExternalCall<T>(system: ExternalSystem, operation: string, call: () => Promise<T>, statusOf: { result(value: NoInfer<T>): CallStatus; error(err: unknown): number | undefined }): Promise<T> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  try {
    const value = await call();
    observeExternalCall(system, operation, statusOf.result(value), elapsed());
    return value;
  } catch (err) {
    observeExternalCall(system, operation, statusOf.error(err) ?? "network", elapsed());
    throw err;
  }
}
