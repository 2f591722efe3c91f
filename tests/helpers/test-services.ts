import { loadEnv } from "../../src/config/env.js";
import { parsePracticeConfig, type PracticeConfig } from "../../src/config/practice.js";
import type { Engine, StartOptions, StartResult, WorkflowDefinition } from "../../src/engine/port.js";
import type { GatewayResult, SmsGateway } from "../../src/messaging/sms-gateway.js";
import type { Services } from "../../src/runtime/services.js";
import type { DialectName } from "../../src/store/db.js";
import { generateKeyMaterial, parseKeyMaterial } from "../../src/store/keyring.js";
import { openStoreCrypto } from "../../src/store/store-crypto.js";
import { openTestStore, type TestStore } from "./test-store.js";

/** An SMS gateway that keeps what it was asked to send; `nextResults` scripts failures. */
export class MemorySmsGateway implements SmsGateway {
  readonly sender = "MG00000000000000000000000000000000";
  /** `from`: the sender it went out as (a location's, or this gateway's own). */
  readonly sent: Array<{ to: string; body: string; sid: string; from: string }> = [];
  nextResults: GatewayResult[] = [];
  /** `sidBase`: where this gateway's message ids start, so two gateways on one store never share one. */
  constructor(private readonly sidBase = 0) {}
  async send(input: { to: string; body: string; sender?: string }): Promise<GatewayResult> {
    const scripted = this.nextResults.shift();
    if (scripted && !scripted.ok) return scripted;
    const sid = `SM${String(this.sidBase + this.sent.length + 1).padStart(32, "0")}`;
    this.sent.push({ to: input.to, body: input.body, sid, from: input.sender ?? this.sender });
    return { ok: true, sid, status: "queued" };
  }
  async findSent(input: { to: string; body: string; since: Date }) {
    const found = this.sent.find((m) => m.to === input.to && m.body === input.body);
    return found ? { sid: found.sid, status: "queued" } : null;
  }
}

/** An engine that records starts and signals, for routes that only hand work to the engine. */
export class RecordingEngine implements Engine {
  readonly starts: Array<{ workflowId: string; input: unknown; opts: StartOptions }> = [];
  readonly signals: Array<{ key: string; payload: unknown }> = [];
  waitingKeys = new Set<string>();
  async start<I>(workflow: WorkflowDefinition<I>, input: I, opts: StartOptions): Promise<StartResult> {
    const started = !this.starts.some((s) => s.workflowId === workflow.id && s.opts.key === opts.key);
    if (started) this.starts.push({ workflowId: workflow.id, input, opts });
    return { runId: `${workflow.id}:${opts.key}`, started };
  }
  async signal(key: string, payload: unknown): Promise<boolean> {
    this.signals.push({ key, payload });
    return this.waitingKeys.has(key);
  }
}

/**
 * A signed BAA with Twilio, as a practice texting through Twilio for real has on file (`baa:` in
 * the practice config). Without it every text to Twilio is held (runtime/boundary-gate.ts).
 */
export const SIGNED_TWILIO_BAA = { twilio: { signed: true, date: "2026-01-15", reference: "Twilio BAA, contract T-1" } } as const;

/** MINNOW_API_KEY in test services (the master key; at least 32 characters, as the env requires). */
export const TEST_MASTER_KEY = "test-master-key-0123456789abcdef";

export interface TestServices extends Services {
  store: TestStore;
  sms: MemorySmsGateway;
  engine: RecordingEngine;
  /** The data key these services' store is encrypted under (a second process on it needs the same). */
  keyMaterial: string;
  setNow(at: Date): void;
  dispose(): Promise<void>;
}

export async function openTestServices(opts: { dialect?: DialectName; config?: unknown; env?: Record<string, string>; now?: Date; store?: TestStore; keyMaterial?: string } = {}): Promise<TestServices> {
  const store = opts.store ?? (await openTestStore(opts.dialect ?? "sqlite"));
  const keyMaterial = opts.keyMaterial ?? generateKeyMaterial();
  const crypto = await openStoreCrypto(store, parseKeyMaterial(keyMaterial));
  let now = opts.now ?? new Date("2026-11-24T16:00:00Z");
  const config: PracticeConfig = parsePracticeConfig(opts.config ?? {});
  return {
    env: loadEnv({ PUBLIC_URL: "https://minnow.example.test", MINNOW_API_KEY: TEST_MASTER_KEY, ...opts.env }),
    config,
    store,
    crypto,
    engine: new RecordingEngine(),
    sms: new MemorySmsGateway(),
    sources: {},
    keyMaterial,
    clock: { now: () => now },
    setNow: (at) => {
      now = at;
    },
    dispose: () => store.dispose(),
  };
}
