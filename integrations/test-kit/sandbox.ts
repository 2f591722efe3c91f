/**
 * A running minnow sandbox for the integration packages' tests (Zapier app, n8n nodes): the e2e
 * stack (the main app listening on 127.0.0.1, the sandbox EHR, the local fake Twilio and the
 * embedded engine), with hook targets on this machine allowed. Packages call it over HTTP only,
 * as Zapier or n8n would.
 */
import { startHookWorker } from "../../src/hooks/worker.js";
import type { DeliveryRunSummary } from "../../src/hooks/deliver.js";
import { API_KEY, openStack, type Stack } from "../../tests/e2e/helpers/e2e-stack.js";
import type { TestStore } from "../../tests/helpers/test-store.js";

export { API_KEY };

export interface Sandbox {
  stack: Stack;
  /** Where minnow listens, e.g. http://127.0.0.1:43121 (no trailing slash). */
  baseUrl: string;
  /** A write-scoped key (the master key). */
  apiKey: string;
  /** The sandbox's DATA_DIR: `minnow` commands given it read the same database. */
  dataDir: string;
  /**
   * One pass of the hook worker: queues new events for each hook and posts them. It signs with
   * the real clock, not the scenario's, because a subscriber checks the timestamp against its own.
   */
  deliverHooks(): Promise<DeliveryRunSummary & { queued: number }>;
  dispose(): Promise<void>;
}

/** Reminders with the confirm prompt 24h ahead, one waitlist offer at a time, hooks allowed on loopback. */
export const SANDBOX_CONFIG = {
  reminders: { touches: ["24h"], replyTouch: "24h" },
  waitlist: { batchSize: 1, holdMinutes: 15 },
  hooks: { allowPrivateTargets: true },
};

export async function openSandbox(config: { hooks?: Record<string, unknown> } & Record<string, unknown> = {}): Promise<Sandbox> {
  const stack = await openStack({ ...SANDBOX_CONFIG, ...config, hooks: { ...SANDBOX_CONFIG.hooks, ...config.hooks } });
  const realClock = { now: () => new Date() };
  return {
    stack,
    baseUrl: stack.serverUrl,
    apiKey: API_KEY,
    dataDir: (stack.scenario.services.store as TestStore).dataDir,
    async deliverHooks() {
      const worker = startHookWorker({ ...stack.scenario.services, clock: realClock }, { autoStart: false });
      try {
        return await worker.runOnce();
      } finally {
        await worker.stop();
      }
    },
    dispose: () => stack.dispose(),
  };
}
