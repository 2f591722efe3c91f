/**
 * Retention, run by the server at start and then hourly: message bodies older than
 * `retention.messageBodyDays` are dropped (the rows stay), and audit rows older than
 * `retention.auditDays` are purged oldest first, the purge itself audited. Every process may run
 * it: both purges are idempotent, and the audit purge runs under the audit lock.
 */
import { subDays } from "date-fns";
import { errorKind, log } from "../log.js";
import { purgeAudit } from "../store/audit-retention.js";
import { purgeMessageBodies } from "../store/retention.js";
import type { Services } from "./services.js";

export interface RetentionWorker {
  runOnce(): Promise<{ outbound: number; inbound: number; auditRows: number }>;
  stop(): Promise<void>;
}

const HOUR_MS = 3_600_000;

export function startRetentionWorker(services: Pick<Services, "store" | "config" | "clock">, opts: { intervalMs?: number } = {}): RetentionWorker {
  const runOnce = async () => {
    const now = services.clock.now();
    const { retention } = services.config;
    const bodies = await purgeMessageBodies(services.store, subDays(now, retention.messageBodyDays), now);
    const audit = await purgeAudit(services.store, subDays(now, retention.auditDays), now);
    const counts = { ...bodies, auditRows: audit.purged };
    if (counts.outbound + counts.inbound + counts.auditRows > 0) log.info("retention.purged", counts);
    return counts;
  };
  let inFlight: Promise<unknown> = Promise.resolve();
  const tick = () => {
    inFlight = runOnce().catch((err: unknown) => log.error("retention.failed", { errorKind: errorKind(err) }));
  };
  tick();
  const timer = setInterval(tick, opts.intervalMs ?? HOUR_MS);
  timer.unref();
  return {
    runOnce,
    stop: async () => {
      clearInterval(timer);
      await inFlight;
    },
  };
}
