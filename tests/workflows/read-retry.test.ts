import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AcuityApiError } from "../../connectors/acuity/acuity-error.js";
import { FhirRequestError } from "../../connectors/fhir/fhir-error.js";
import { setLogSink, type LogRecord } from "../../src/log.js";
import type { Step } from "../../src/engine/port.js";
import { READ_RETRY, readOrRetryLater, readRetryDelayMs, stepOrRetryLater } from "../../workflows/read-retry.js";
import { isTransientReadError } from "../../workflows/source-reads.js";

const NOW = new Date("2026-12-01T15:00:00Z");
const services = { clock: { now: () => NOW } };
const refs = { workflowId: "appointment-reminder", appointmentRef: "Appointment/a1", planRef: "plan:x" };
const timeout = new FhirRequestError("FHIR read timed out", undefined, [], { cause: Object.assign(new Error("t"), { name: "TimeoutError" }) });

describe("isTransientReadError", () => {
  it.each<[string, unknown, boolean]>([
    ["FHIR 500", new FhirRequestError("x", 500, []), true],
    ["FHIR 502", new FhirRequestError("x", 502, []), true],
    ["FHIR 429", new FhirRequestError("x", 429, []), true],
    ["FHIR 408", new FhirRequestError("x", 408, []), true],
    ["FHIR timeout", timeout, true],
    ["FHIR no connection", new FhirRequestError("x", undefined, []), true],
    ["Acuity 503", new AcuityApiError("x", 503, undefined), true],
    ["Acuity bad body", new AcuityApiError("x", undefined, undefined, { kind: "invalid-response" }), false],
    ["FHIR 403", new FhirRequestError("x", 403, []), false],
    ["FHIR 400", new FhirRequestError("x", 400, []), false],
    ["a bug", new TypeError("undefined is not a function"), false],
  ])("%s", (_name, err, expected) => {
    expect(isTransientReadError(err)).toBe(expected);
  });
});

describe("readOrRetryLater", () => {
  it("returns what the read returns", async () => {
    expect(await readOrRetryLater(services, refs, 0, async () => "fresh")).toBe("fresh");
  });

  afterEach(() => setLogSink(null));

  it("turns a transient failure into a wait that doubles from a minute up to half an hour, logging ids only", async () => {
    const logs: LogRecord[] = [];
    setLogSink((r) => logs.push(r));
    expect(await readOrRetryLater(services, refs, 0, () => Promise.reject(timeout))).toEqual({ action: "wait", untilMs: NOW.getTime() + 60_000, why: "source-unreachable" });
    expect(logs.map((l) => [l.event, l.fields])).toEqual([["workflow.source_unreachable", { ...refs, errorKind: "FhirRequestError:timeout", failuresInRow: 1, waitMs: 60_000 }]]);
    expect([0, 1, 2, 3, 4, 5, 9].map(readRetryDelayMs)).toEqual([1, 2, 4, 8, 16, 30, 30].map((m) => m * 60_000));
  });

  it("lets a non-transient error stand", async () => {
    await expect(readOrRetryLater(services, refs, 0, () => Promise.reject(new FhirRequestError("forbidden", 403, [])))).rejects.toThrow("forbidden");
  });

  it("gives up after maxInRow failures in a row, about a day of trying", async () => {
    await expect(readOrRetryLater(services, refs, READ_RETRY.maxInRow, () => Promise.reject(timeout))).rejects.toBe(timeout);
    const totalMs = Array.from({ length: READ_RETRY.maxInRow }, (_, i) => readRetryDelayMs(i)).reduce((a, b) => a + b, 0);
    expect(totalMs).toBeGreaterThan(20 * 3_600_000);
    expect(totalMs).toBeLessThan(48 * 3_600_000);
  });
});

/** A step that runs each call in place and records what was called, as one engine attempt does. */
function recordingStep(): { step: Step; calls: string[] } {
  const calls: string[] = [];
  const step = {
    runId: "run-1",
    run: async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
      calls.push(`run:${name}`);
      return fn();
    },
    sleepUntil: async (name: string, until: Date): Promise<void> => {
      calls.push(`sleep:${name}@${until.getTime() - NOW.getTime()}`);
    },
  } as unknown as Step;
  return { step, calls };
}

describe("stepOrRetryLater", () => {
  beforeEach(() => setLogSink(() => undefined));
  afterEach(() => setLogSink(null));

  it("keeps the plain step name for the first call, then sleeps and retries under distinct names", async () => {
    const { step, calls } = recordingStep();
    let left = 2;
    const value = await stepOrRetryLater(step, services, "claim", refs, async () => {
      if (left-- > 0) throw timeout;
      return { won: true };
    });
    expect(value).toEqual({ won: true });
    expect(calls).toEqual(["run:claim", "sleep:claim:wait:1@60000", "run:claim:retry:1", "sleep:claim:wait:2@120000", "run:claim:retry:2"]);
  });

  it("returns a null result as it is, and lets a refusal fail the step", async () => {
    const { step } = recordingStep();
    expect(await stepOrRetryLater(step, services, "read", refs, async () => null)).toBeNull();
    await expect(stepOrRetryLater(step, services, "write", refs, () => Promise.reject(new FhirRequestError("bad request", 400, [])))).rejects.toThrow("bad request");
  });
});
