import { createFhirClient } from "../../../connectors/fhir/client.js";
import { createEmbeddedEngine, type EmbeddedEngine } from "../../../src/engine/embedded/index.js";
import { setLogSink, type LogRecord } from "../../../src/log.js";
import { createTwilioGateway } from "../../../src/messaging/twilio-gateway.js";
import type { Services } from "../../../src/runtime/services.js";
import { buildWorkflows, workflowList, type MinnowWorkflows } from "../../../workflows/index.js";
import { openTestServices, type TestServices } from "../../helpers/test-services.js";
import { FAULT_TWILIO } from "./kill-env.js";

/**
 * minnow's real parts in one process, wired to URLs the test controls (usually fault proxies):
 * the FHIR connector, the Twilio gateway over the SDK, the workflows and the embedded engine,
 * on a clock the test moves, so backoff and retries play out in seconds.
 */
export const FAULT_BASE = new Date("2026-12-01T15:00:00Z"); // Tuesday 09:00 in Chicago, the default practice zone

export interface FaultRuntime {
  services: Services;
  engine: EmbeddedEngine;
  workflows: MinnowWorkflows;
  logs: LogRecord[];
  /** Starts a sync, then runs everything due, moving the clock a minute a round, `rounds` times. */
  syncRounds(rounds: number, until?: () => boolean): Promise<void>;
  dispose(): Promise<void>;
}

/** `leaseMs`: how long a run whose outcome could not be written stays claimed before it is taken up again. */
export async function openFaultRuntime(opts: { fhirBaseUrl: string; twilioBaseUrl: string; fhirTimeoutMs?: number; leaseMs?: number }): Promise<FaultRuntime> {
  const logs: LogRecord[] = [];
  setLogSink((r) => logs.push(r));
  const base: TestServices = await openTestServices({
    now: FAULT_BASE,
    config: { consent: { fromEhr: { scopes: ["appointment", "waitlist"], phiLevel: "none", evidence: "Fault test intake form" } } },
  });
  let now = FAULT_BASE;
  const clock = { now: () => now };
  const fhir = createFhirClient({ baseUrl: opts.fhirBaseUrl, auth: { type: "none" }, timeoutMs: opts.fhirTimeoutMs ?? 400 }, { retry: { baseDelayMs: 5, maxWaitMs: 2_000 } });
  const sms = createTwilioGateway({ ...FAULT_TWILIO, apiBaseUrl: opts.twilioBaseUrl }, undefined);
  let services: Services | undefined;
  const workflows = buildWorkflows(() => {
    if (!services) throw new Error("services not ready");
    return services;
  });
  const engine = createEmbeddedEngine({ store: base.store, workflows: workflowList(workflows), clock, pollIntervalMs: 20, leaseMs: opts.leaseMs });
  services = { ...base, clock, engine, sms, sources: { fhir } };
  let syncs = 0;
  return {
    services,
    engine,
    workflows,
    logs,
    async syncRounds(rounds, until) {
      for (let round = 0; round < rounds && !until?.(); round++) {
        await engine.start(workflows.sync, {}, { key: `fault-sync:${++syncs}` });
        await engine.drain({ maxMs: 120_000 });
        // Backoff and retries are due on the engine's clock: a minute a round covers the default policy.
        now = new Date(now.getTime() + 60_000);
        await engine.drain({ maxMs: 120_000 });
      }
    },
    async dispose() {
      await engine.stop();
      await base.dispose();
      setLogSink(null);
    },
  };
}
