import { wait } from "@trigger.dev/sdk";
import { log } from "../../log.js";
import type { Store } from "../../store/db.js";
import { fromJson, toJson } from "../embedded/journal-values.js";
import type { Clock } from "../embedded/types.js";
import type { Engine } from "../port.js";
import { bufferSignal, findToken, forgetToken, takeBufferedSignal, type StoredToken } from "./signal-store.js";
import { triggerHealthCheck } from "./health.js";
import { triggerWorkflow } from "./start.js";
import { triggerDb } from "./tables.js";

export interface TriggerEngineOptions {
  store: Pick<Store, "db">;
  clock?: Clock;
}

const MAX_KEY_LENGTH = 400;
const systemClock: Clock = { now: () => new Date() };

/**
 * The engine the server talks to when workflows run on Trigger.dev. `start` triggers the
 * workflow's task; `signal` completes the waitpoint token stored under the key, or buffers
 * the signal for a wait that has not begun yet.
 */
export function createTriggerEngine(opts: TriggerEngineOptions): Engine {
  const db = triggerDb(opts.store);
  const clock = opts.clock ?? systemClock;

  async function complete(key: string, token: StoredToken, payload: unknown): Promise<void> {
    try {
      await wait.completeToken(token.tokenId, payload);
    } catch (cause) {
      throw new Error(`Could not deliver signal "${key}" to Trigger.dev run ${token.runId}; the sender should retry.`, { cause });
    }
    await forgetToken(db, key, token.tokenId);
    log.info("engine.trigger.signal_delivered", { runId: token.runId });
  }

  return {
    start: triggerWorkflow,
    health: triggerHealthCheck(),

    async signal(key, payload) {
      if (typeof key !== "string" || key.length === 0 || key.length > MAX_KEY_LENGTH) {
        throw new Error(`A signal key must be a non-empty string of at most ${MAX_KEY_LENGTH} characters.`);
      }
      const text = toJson(payload, `The payload of signal "${key}"`);
      const waiting = await findToken(db, key);
      if (waiting) {
        await complete(key, waiting, fromJson(text));
        return true;
      }
      await bufferSignal(db, key, text, clock.now().getTime());
      // A wait may have stored its token between our look and the buffer write.
      const late = await findToken(db, key);
      if (!late) return false;
      const taken = await takeBufferedSignal(db, key, `token:${late.tokenId}`);
      if (!taken) return false; // the wait took the buffered signal itself
      await complete(key, late, fromJson(taken.payload));
      return true;
    },
  };
}
