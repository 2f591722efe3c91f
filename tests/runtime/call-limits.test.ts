import type { Bundle, Patient } from "@medplum/fhirtypes";
import { describe, expect, it } from "vitest";
import type { FhirClient } from "../../connectors/fhir/client.js";
import type { SmsGateway } from "../../src/messaging/sms-gateway.js";
import { callLimit, limitExternalCalls } from "../../src/runtime/call-limits.js";

/** Calls that wait until the test lets them go, counting how many are in flight at once. */
function gate() {
  let inFlight = 0;
  let most = 0;
  const started: string[] = [];
  const pending: Array<() => void> = [];
  return {
    started,
    most: () => most,
    async call<T>(name: string, value: T): Promise<T> {
      inFlight += 1;
      most = Math.max(most, inFlight);
      started.push(name);
      await new Promise<void>((resolve) => pending.push(resolve));
      inFlight -= 1;
      return value;
    },
    /** Lets the oldest waiting call finish, then lets the others run on. */
    async release(): Promise<void> {
      pending.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    },
    async releaseAll(): Promise<void> {
      while (pending.length > 0) await this.release();
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("callLimit", () => {
  it("runs at most `max` calls at once, and the rest in the order they came", async () => {
    const g = gate();
    const limit = callLimit(2);
    const results = Promise.all(["a", "b", "c", "d", "e"].map((name) => limit(() => g.call(name, name.toUpperCase()))));
    await tick();
    expect(g.started).toEqual(["a", "b"]);
    await g.release();
    expect(g.started).toEqual(["a", "b", "c"]);
    await g.releaseAll();
    expect(await results).toEqual(["A", "B", "C", "D", "E"]);
    expect(g.started).toEqual(["a", "b", "c", "d", "e"]);
    expect(g.most()).toBe(2);
  });

  it("frees the slot of a call that fails, and passes its error to its caller alone", async () => {
    const limit = callLimit(1);
    const failing = limit(() => Promise.reject(new Error("EHR said no")));
    const next = limit(async () => "next ran");
    await expect(failing).rejects.toThrow("EHR said no");
    expect(await next).toBe("next ran");
    // A call that throws before returning a promise frees its slot too.
    await expect(limit(() => { throw new Error("bad input"); })).rejects.toThrow("bad input");
    expect(await limit(async () => "still free")).toBe("still free");
  });

  it("refuses a limit that could never run anything", () => {
    expect(() => callLimit(0)).toThrow(/at least 1/);
    expect(() => callLimit(2.5)).toThrow(/at least 1/);
  });
});

describe("limitExternalCalls", () => {
  it("bounds the EHR and Twilio separately, by the practice's queues", async () => {
    const ehr = gate();
    const twilio = gate();
    const fhir = {
      baseUrl: "https://ehr.example.test/fhir",
      read: (type: string, id: string) => ehr.call(`${type}/${id}`, { resourceType: "Patient", id } as Patient),
      search: (type: string) => ehr.call(`search ${type}`, { resourceType: "Bundle", type: "searchset" } as Bundle),
    } as unknown as FhirClient;
    const sms: SmsGateway = {
      sender: "MG-practice",
      send: (input) => twilio.call(`send ${input.to}`, { ok: true as const, sid: `SM-${input.to}`, status: "queued" }),
      findSent: () => twilio.call("find", null),
    };
    const limited = limitExternalCalls({ fhir }, sms, { ehrReads: 2, sends: 3 });
    const reads = Promise.all([limited.sources.fhir?.read<Patient>("Patient", "p1"), limited.sources.fhir?.read<Patient>("Patient", "p2"), limited.sources.fhir?.search("Appointment", {}), limited.sources.fhir?.read<Patient>("Patient", "p3")]);
    const sends = Promise.all(["+1", "+2", "+3", "+4", "+5"].map((to) => limited.sms.send({ to, body: "hi" })));
    await tick();
    expect(ehr.started).toHaveLength(2);
    expect(twilio.started).toHaveLength(3);
    await Promise.all([ehr.releaseAll(), twilio.releaseAll()]);
    expect((await reads).map((r) => (r && "id" in r ? r.id : r?.resourceType))).toEqual(["p1", "p2", "Bundle", "p3"]);
    expect((await sends).map((r) => (r.ok ? r.sid : r.kind))).toEqual(["SM-+1", "SM-+2", "SM-+3", "SM-+4", "SM-+5"]);
    expect([ehr.most(), twilio.most()]).toEqual([2, 3]);
    expect(limited.sms.sender).toBe("MG-practice");
    expect(limited.sources.fhir?.baseUrl).toBe("https://ehr.example.test/fhir");
  });

  it("leaves a practice without a FHIR EHR (Acuity only) without one", () => {
    const sms: SmsGateway = { sender: "+13125550100", send: async () => ({ ok: true, sid: "SM1", status: "queued" }), findSent: async () => null };
    const limited = limitExternalCalls({ acuity: { clientRefKey: "k" } } as { fhir?: FhirClient; acuity?: { clientRefKey: string } }, sms, { ehrReads: 1, sends: 1 });
    expect(limited.sources.fhir).toBeUndefined();
    expect(limited.sources.acuity).toEqual({ clientRefKey: "k" });
  });
});
