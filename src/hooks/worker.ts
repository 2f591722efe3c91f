/**
 * The hook worker of the running server: every interval it queues deliveries for new events and
 * attempts the due ones. One pass at a time; a failing pass is logged and the next one retries.
 * At-least-once: a crash between a subscriber's 2xx and our write re-sends the same delivery id.
 * Processes sharing one Postgres take turns: a pass runs under the "hook-deliveries" process lock,
 * and a process that finds another one delivering skips its pass, so no delivery is sent by two at once.
 */
import { errorKind, log } from "../log.js";
import type { Services } from "../runtime/services.js";
import { tryProcessLock } from "../store/process-lock.js";
import { deliverDue, type DeliveryOptions, type DeliveryRunSummary } from "./deliver.js";
import { enqueueNewEvents } from "./fan-out.js";

export interface HookWorker {
  /** One pass now (tests and the CLI). */
  runOnce(): Promise<DeliveryRunSummary & { queued: number; skipped: boolean }>;
  /** Stops the timer and waits for a pass in flight. */
  stop(): Promise<void>;
}

const NOTHING_DONE = { queued: 0, attempted: 0, delivered: 0, retrying: 0, failed: 0, gone: 0 } as const;

export function startHookWorker(services: Services, opts: DeliveryOptions & { intervalMs?: number; autoStart?: boolean } = {}): HookWorker {
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const runOnce = async () => {
    const pass = await tryProcessLock(services.store, "hook-deliveries", async () => {
      const queued = await enqueueNewEvents(services);
      return { queued, ...(await deliverDue(services, opts)) };
    });
    return pass.ran ? { ...pass.value, skipped: false } : { ...NOTHING_DONE, skipped: true };
  };
  const tick = () => {
    inFlight = runOnce()
      .catch((err: unknown) => log.error("hook.worker_failed", { errorKind: errorKind(err) }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, opts.intervalMs ?? 5_000);
      });
  };
  if (opts.autoStart !== false) timer = setTimeout(tick, opts.intervalMs ?? 5_000);

  return {
    runOnce,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
