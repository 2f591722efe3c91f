import { schedules } from "@trigger.dev/sdk";
import { errorKind } from "../../log.js";
import type { EngineHealth } from "../port.js";

const CACHE_MS = 15_000;
const TIMEOUT_MS = 3_000;

/**
 * Whether Trigger.dev answers this process's key: one small authenticated read (the first page of
 * schedules), without retries, at most every 15 s however often a load balancer probes.
 */
export function triggerHealthCheck(): () => Promise<EngineHealth> {
  let last: { at: number; health: EngineHealth } | undefined;
  return async () => {
    if (last && Date.now() - last.at < CACHE_MS) return last.health;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS)));
    let health: EngineHealth;
    try {
      await Promise.race([schedules.list({ perPage: 1 }, { retry: { maxAttempts: 1 } }), timeout]);
      health = { ok: true, detail: "Trigger.dev answered" };
    } catch (err) {
      health = { ok: false, detail: `Trigger.dev did not answer (${errorKind(err)}); check TRIGGER_SECRET_KEY and TRIGGER_API_URL` };
    } finally {
      clearTimeout(timer);
    }
    last = { at: Date.now(), health };
    return health;
  };
}
