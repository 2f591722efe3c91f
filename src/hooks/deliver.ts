/**
 * Delivers due hook deliveries: a minimized, signed POST per delivery. A 2xx delivers; a 410
 * unsubscribes the hook (the Zapier convention); anything else, a network error or a refused
 * target is retried with exponential backoff, and when a delivery runs out of attempts the hook
 * is disabled and a `hook.disabled` event recorded. The delivery id is the effect key: it is
 * stored before the call and sent as `X-Minnow-Delivery`, so a subscriber can dedupe.
 */
import { destinationStance, eventPayload, isAttestedDestination } from "../events/minimize.js";
import { recordEvent } from "../events/record-event.js";
import { retryDelayMs } from "../engine/port.js";
import { log } from "../log.js";
import { recordHookDeliveries } from "../metrics/registry.js";
import type { Services } from "../runtime/services.js";
import { getEvent } from "../store/events.js";
import { deactivateHook, dueDeliveries, getHook, readHookSecret, recordDeliveryAttempt, recordHookFailure, resetHookFailures, type Delivery, type Hook } from "../store/hooks.js";
import { postGuarded, type PostResult } from "./post-guarded.js";
import { DELIVERY_HEADER, EVENT_HEADER, signatureHeaders } from "./signature.js";
import { targetPolicy, type Resolver } from "./ssrf-guard.js";

export interface DeliveryOptions {
  /** Attempts per delivery before the hook is disabled. */
  maxAttempts?: number;
  minDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  batchSize?: number;
  resolve?: Resolver;
}

export interface DeliveryRunSummary {
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
  gone: number;
}

export const DEFAULT_DELIVERY = { maxAttempts: 8, minDelayMs: 30_000, maxDelayMs: 3_600_000 } as const;

async function send(services: Services, hook: Hook, delivery: Delivery, opts: DeliveryOptions): Promise<PostResult | "skip"> {
  const event = await getEvent(services.store, delivery.eventId);
  const secret = await readHookSecret(services.store, services.crypto, hook.id);
  if (!event || secret === null) return "skip";
  const stance = destinationStance(services.config, hook.targetUrl);
  const body = JSON.stringify(eventPayload(event, stance));
  const headers = {
    "content-type": "application/json",
    "user-agent": "minnow-hooks/1",
    [DELIVERY_HEADER]: delivery.id,
    [EVENT_HEADER]: event.type,
    ...signatureHeaders(secret, body, services.clock.now()),
  };
  return postGuarded(hook.targetUrl, body, headers, {
    policy: targetPolicy(services.config),
    ...(opts.resolve ? { resolve: opts.resolve } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    // Fields meant for an attested destination must not follow a redirect anywhere else.
    allowHop: (url) => (stance === "attested" && !isAttestedDestination(services.config, url.href) ? "An attested hook redirected to a URL that is not attested; its payload was not sent there." : null),
  });
}

async function disableHook(services: Services, hook: Hook, delivery: Delivery, lastStatus: number | null): Promise<void> {
  const now = services.clock.now();
  if (!(await deactivateHook(services.store, hook.id, "disabled", now))) return;
  await recordEvent(services.store, { id: `evt-hook.disabled-${hook.id}`, type: "hook.disabled", refs: { hookId: hook.id }, data: { lastStatus, attempts: delivery.attempts + 1 }, occurredAt: now });
  log.warn("hook.disabled", { hookId: hook.id, deliveryId: delivery.id, lastStatus, attempts: delivery.attempts + 1 });
}

async function deliverOne(services: Services, delivery: Delivery, opts: DeliveryOptions, summary: DeliveryRunSummary): Promise<void> {
  const now = () => services.clock.now();
  const hook = await getHook(services.store, delivery.hookId);
  if (!hook || hook.status !== "active") {
    // The hook went away after this was queued: nothing to send, nothing to retry.
    await recordDeliveryAttempt(services.store, delivery.id, { status: hook?.status === "unsubscribed" ? "gone" : "failed", lastStatus: null, nextAttemptAt: null }, now());
    return;
  }
  summary.attempted += 1;
  const result = await send(services, hook, delivery, opts);
  if (result === "skip") {
    await recordDeliveryAttempt(services.store, delivery.id, { status: "failed", lastStatus: null, nextAttemptAt: null }, now());
    log.warn("hook.delivery_skipped", { hookId: hook.id, deliveryId: delivery.id, reason: "event-or-secret-missing" });
    return;
  }
  const status = result.kind === "response" ? result.status : null;
  if (status !== null && status >= 200 && status < 300) {
    await recordDeliveryAttempt(services.store, delivery.id, { status: "delivered", lastStatus: status, nextAttemptAt: null }, now());
    await resetHookFailures(services.store, hook.id);
    summary.delivered += 1;
    log.info("hook.delivered", { hookId: hook.id, deliveryId: delivery.id, status });
    return;
  }
  if (status === 410) {
    await recordDeliveryAttempt(services.store, delivery.id, { status: "gone", lastStatus: status, nextAttemptAt: null }, now());
    await deactivateHook(services.store, hook.id, "unsubscribed", now());
    summary.gone += 1;
    log.info("hook.unsubscribed", { hookId: hook.id, via: "410-gone" });
    return;
  }
  await recordHookFailure(services.store, hook.id);
  const attempt = delivery.attempts + 1;
  const maxAttempts = opts.maxAttempts ?? DEFAULT_DELIVERY.maxAttempts;
  const why = result.kind === "response" ? `status-${result.status}` : result.kind === "refused" ? `refused-${result.reason}` : result.error;
  if (attempt >= maxAttempts) {
    await recordDeliveryAttempt(services.store, delivery.id, { status: "failed", lastStatus: status, nextAttemptAt: null }, now());
    await disableHook(services, hook, delivery, status);
    summary.failed += 1;
    return;
  }
  const policy = { maxAttempts, minDelayMs: opts.minDelayMs ?? DEFAULT_DELIVERY.minDelayMs, maxDelayMs: opts.maxDelayMs ?? DEFAULT_DELIVERY.maxDelayMs, factor: 2 };
  const nextAttemptAt = new Date(now().getTime() + retryDelayMs(policy, attempt));
  await recordDeliveryAttempt(services.store, delivery.id, { status: "pending", lastStatus: status, nextAttemptAt }, now());
  summary.retrying += 1;
  log.warn("hook.delivery_failed", { hookId: hook.id, deliveryId: delivery.id, attempt, why, retryAt: nextAttemptAt.toISOString() });
}

/** Attempts every delivery that is due now, one at a time. */
export async function deliverDue(services: Services, opts: DeliveryOptions = {}): Promise<DeliveryRunSummary> {
  const summary: DeliveryRunSummary = { attempted: 0, delivered: 0, retrying: 0, failed: 0, gone: 0 };
  for (const delivery of await dueDeliveries(services.store, services.clock.now(), opts.batchSize ?? 50)) {
    await deliverOne(services, delivery, opts, summary);
  }
  recordHookDeliveries(summary);
  return summary;
}
