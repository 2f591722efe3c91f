import type { Appointment } from "@medplum/fhirtypes";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeTwilio, type FakeTwilio } from "../../src/sandbox/fake-twilio.js";
import { startFaultProxy, type FaultProxy } from "./helpers/fault-proxy.js";
import { FAULT_BASE, openFaultRuntime, type FaultRuntime } from "./helpers/fault-runtime.js";
import { FAULT_TWILIO } from "./helpers/kill-env.js";
import { countByPhone, notExactlyOnce, startFaultPractice, type FaultPractice } from "./helpers/practice.js";

/**
 * Twilio refuses sends: 5xx and 429 are retried with backoff until each reminder goes out once;
 * 21610 (the number replied STOP at the carrier) revokes consent, and minnow never tries that
 * number again. Attempts are counted at a proxy in front of the fake Twilio, failed ones included.
 */
const REMINDERS = 12;

describe("Twilio failures", () => {
  let practice: FaultPractice;
  let twilio: FakeTwilio;
  let proxy: FaultProxy;
  let runtime: FaultRuntime;
  const attempts = new Map<string, number>();

  beforeEach(async () => {
    attempts.clear();
    practice = await startFaultPractice(REMINDERS, { now: FAULT_BASE });
    twilio = await startFakeTwilio({ accountSid: FAULT_TWILIO.accountSid, authToken: FAULT_TWILIO.authToken });
    proxy = await startFaultProxy(twilio.baseUrl, ({ method, body }) => {
      const to = new URLSearchParams(body).get("To");
      if (method === "POST" && to) attempts.set(to, (attempts.get(to) ?? 0) + 1);
      return { kind: "pass" };
    });
    runtime = await openFaultRuntime({ fhirBaseUrl: practice.ehr.baseUrl, twilioBaseUrl: proxy.baseUrl });
  });

  afterEach(async () => {
    await runtime.dispose();
    await proxy.close();
    await twilio.close();
    await practice.ehr.close();
  });

  it.each([
    { name: "500", status: 500, code: 20500 },
    { name: "503", status: 503, code: 20503 },
    { name: "429 Too Many Requests", status: 429, code: 20429 },
  ])("retries $name until every reminder is sent exactly once", async ({ status, code }) => {
    twilio.failNext(5, { status, code });
    const allSent = () => new Set(twilio.messages().map((m) => m.to)).size >= REMINDERS;
    await runtime.syncRounds(10, allSent);
    expect(notExactlyOnce(practice.phones, countByPhone(twilio.messages()))).toEqual([]);
    const totalAttempts = [...attempts.values()].reduce((a, b) => a + b, 0);
    expect(totalAttempts).toBe(REMINDERS + 5);
    expect(await runtime.engine.listRuns({ status: "failed" })).toEqual([]);
  });

  it("stops sending to a number after 21610, for this reminder and every later one", async () => {
    const [stopped = "", ...others] = practice.phones;
    twilio.unsubscribe(stopped);
    await runtime.syncRounds(3, () => new Set(twilio.messages().map((m) => m.to)).size >= REMINDERS - 1);
    expect(attempts.get(stopped)).toBe(1);
    expect(twilio.messages().some((m) => m.to === stopped)).toBe(false);
    expect(notExactlyOnce(others, countByPhone(twilio.messages()))).toEqual([]);
    expect(runtime.logs.some((l) => l.event === "message.failed")).toBe(true);

    // A second appointment for the same patient, two days on (its 72h touch is due at once): decided, not sent.
    const [first = ""] = practice.appointmentRefs;
    const original = await practice.ehr.repo.readResource<Appointment>("Appointment", first.split("/")[1] ?? "");
    const later = new Date(Date.parse(original.start ?? "") + 2 * 86_400_000);
    await practice.ehr.repo.createResource<Appointment>({ ...original, id: undefined, meta: undefined, start: later.toISOString(), end: new Date(later.getTime() + 1_800_000).toISOString() });
    const skippedBefore = runtime.logs.filter((l) => l.event === "message.skipped").length;
    await runtime.syncRounds(3);
    expect(attempts.get(stopped)).toBe(1);
    const skipped = runtime.logs.filter((l) => l.event === "message.skipped").slice(skippedBefore);
    // The number itself stands opted out (and the patient's consent is revoked): refused before anything else is weighed.
    expect(skipped.map((l) => l.fields.reasons)).toEqual([["phone-opted-out"]]);
  });
});
