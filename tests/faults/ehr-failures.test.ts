import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTwilio, type FakeTwilio } from "../../src/sandbox/fake-twilio.js";
import { startFaultProxy, type FaultProxy, type ProxyVerdict } from "./helpers/fault-proxy.js";
import { FAULT_BASE, openFaultRuntime, type FaultRuntime } from "./helpers/fault-runtime.js";
import { FAULT_TWILIO, seededRandom } from "./helpers/kill-env.js";
import { countByPhone, notExactlyOnce, startFaultPractice, type FaultPractice } from "./helpers/practice.js";

/**
 * The EHR answers 500, 429 (no Retry-After, and with one) and hangs past the client's timeout at
 * random, on every kind of request: the sync's pages and the reminders' re-reads at wake (the
 * searches they share, and the reads alone a failed search falls back to). No reminder may be
 * lost (a failed read is not "the appointment is gone") and none sent twice. Re-reads share
 * searches, so it takes 600 reminders to make enough requests that the faults surely land.
 */
const REMINDERS = 600;
const FAILURE_RATE = 0.2;
const seed = Number(process.env.FAULT_SEED ?? Date.now() % 2 ** 31);
const rand = seededRandom(seed);

function flaky(): ProxyVerdict {
  const roll = rand();
  if (roll >= FAILURE_RATE) return { kind: "pass" };
  const which = Math.floor((roll / FAILURE_RATE) * 4);
  if (which === 0) return { kind: "fail", status: 500 };
  if (which === 1) return { kind: "fail", status: 429 };
  if (which === 2) return { kind: "fail", status: 503, headers: { "retry-after": "0" } };
  return { kind: "hang" };
}

describe("EHR failures at random", () => {
  let practice: FaultPractice;
  let twilio: FakeTwilio;
  let ehrProxy: FaultProxy;
  let runtime: FaultRuntime;

  beforeAll(async () => {
    practice = await startFaultPractice(REMINDERS, { now: FAULT_BASE });
    twilio = await startFakeTwilio({ accountSid: FAULT_TWILIO.accountSid, authToken: FAULT_TWILIO.authToken });
    ehrProxy = await startFaultProxy(practice.ehr.baseUrl, flaky);
    runtime = await openFaultRuntime({ fhirBaseUrl: ehrProxy.baseUrl, twilioBaseUrl: twilio.baseUrl, fhirTimeoutMs: 300 });
  });

  afterAll(async () => {
    await runtime?.dispose();
    await ehrProxy?.close();
    await twilio?.close();
    await practice?.ehr.close();
  });

  it(`loses none of ${REMINDERS} reminders and sends none twice while ${FAILURE_RATE * 100}% of EHR requests fail`, { timeout: 150_000 }, async () => {
    const allSent = () => new Set(twilio.messages().map((m) => m.to)).size >= REMINDERS;
    await runtime.syncRounds(12, allSent);
    const context = `seed ${seed}; proxy ${JSON.stringify(ehrProxy.counts)}`;
    expect(ehrProxy.counts.failed + ehrProxy.counts.hung, context).toBeGreaterThan(10);
    expect(notExactlyOnce(practice.phones, countByPhone(twilio.messages())), context).toEqual([]);
    const failedRuns = await runtime.engine.listRuns({ status: "failed" });
    expect(failedRuns.map((r) => `${r.workflowId}:${r.error ?? ""}`), context).toEqual([]);
    // No reminder stood down because a read failed: every run either waits for the reply or is running.
    const stoodDown = runtime.logs.filter((l) => l.event === "reminder.stood_down");
    expect(stoodDown.map((l) => l.fields.reasons), context).toEqual([]);
  });
});
