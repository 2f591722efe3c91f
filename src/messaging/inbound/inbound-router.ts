import { setImmediate as nextTurn } from "node:timers/promises";
import { errorKind, log } from "../../log.js";
import type { Services } from "../../runtime/services.js";
import { REROUTE_AFTER_MS, routeInbound, unroutedInboundIds } from "./handle-inbound.js";

/**
 * Routes recorded inbound messages one at a time, after the webhook has answered. The webhook only
 * verifies, records (durably, unique on MessageSid) and hands the id here, so Twilio gets its answer
 * in about a millisecond whatever the routing costs (a Twilio REST call for the reply, a dozen queries).
 *
 * One at a time, in arrival order: "STOP" then "START" from one phone are applied in that order,
 * never interleaved. Each job waits a turn of the event loop first, so webhooks keep being answered
 * while a backlog drains. A job that fails leaves its message unrouted (intent null), and
 * `recoverUnroutedInbound` (at startup, or on a timer) queues it again, as does a Twilio retry.
 */
export interface InboundRouter {
  enqueue(inboundId: string): void;
  /** Resolves when nothing is queued or running (tests, shutdown, the bench). */
  idle(): Promise<void>;
  pending(): number;
}

/** Past this many queued ids new ones are left for recovery, so a flood cannot exhaust memory. */
export const MAX_QUEUED = 50_000;

const routers = new WeakMap<Services, InboundRouter>();

function createRouter(services: Services): InboundRouter {
  const queued = new Set<string>();
  let running: Promise<void> | null = null;

  async function drain(): Promise<void> {
    for (let [inboundId] = queued; inboundId !== undefined; [inboundId] = queued) {
      await nextTurn();
      try {
        await routeInbound(services, inboundId);
      } catch (err) {
        log.error("inbound.route_failed", { inboundId, error: errorKind(err) });
      } finally {
        queued.delete(inboundId);
      }
    }
  }

  function start(): void {
    running ??= drain().finally(() => {
      running = null;
      // An id queued between the loop's last check and this callback would otherwise wait for the next one.
      if (queued.size > 0) start();
    });
  }

  return {
    enqueue(inboundId) {
      if (queued.has(inboundId)) return;
      if (queued.size >= MAX_QUEUED) {
        log.warn("inbound.queue_full", { inboundId, queued: queued.size });
        return;
      }
      queued.add(inboundId);
      start();
    },
    async idle() {
      while (running) await running;
    },
    pending: () => queued.size,
  };
}

/** The one router for these services (one per process in production, one per test). */
export function inboundRouter(services: Services): InboundRouter {
  let router = routers.get(services);
  if (!router) {
    router = createRouter(services);
    routers.set(services, router);
  }
  return router;
}

/**
 * Queues every message recorded but never routed (a crash, a failed job, a full queue). Call it at
 * startup and then every minute or so; returns how many it queued.
 */
export async function recoverUnroutedInbound(services: Services, olderThanMs = REROUTE_AFTER_MS): Promise<number> {
  const ids = await unroutedInboundIds(services, olderThanMs);
  const router = inboundRouter(services);
  for (const id of ids) router.enqueue(id);
  if (ids.length > 0) log.info("inbound.recovering", { count: ids.length });
  return ids.length;
}
