import type { RetryOptions } from "@trigger.dev/sdk";
import { DEFAULT_RETRY, type RetryPolicy } from "../port.js";

/**
 * The port's retry policy in Trigger.dev's terms. Jitter is off so that a delay means the
 * same on both engines: attempt n waits minDelayMs * factor^(n-1), capped at maxDelayMs.
 */
export function toTriggerRetry(retry: Partial<RetryPolicy> = {}): RetryOptions {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...retry };
  return {
    maxAttempts: policy.maxAttempts,
    minTimeoutInMs: policy.minDelayMs,
    maxTimeoutInMs: policy.maxDelayMs,
    factor: policy.factor,
    randomize: false,
  };
}
