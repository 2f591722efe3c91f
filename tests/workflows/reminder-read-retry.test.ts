import { afterEach, describe, expect, it } from "vitest";
import { AcuityApiError } from "../../connectors/acuity/acuity-error.js";
import { FhirRequestError } from "../../connectors/fhir/fhir-error.js";
import { setLogSink, type LogRecord } from "../../src/log.js";
import { READ_RETRY, readOrRetryLater, readRetryDelayMs } from "../../workflows/reminder-read-retry.js";
import { isTransientReadError } from "../../workflows/source-reads.js";

const NOW = new Date("2026-12-01T15:00:00Z");
const services = { clock: { now: () => NOW } };
const input = { appointmentRef: "Appointment/a1", planRef: "plan:x" };
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
    expect(await readOrRetryLater(services, input, 0, async () => "fresh")).toBe("fresh");
  });

  afterEach(() => setLogSink(null));

  it("turns a transient failure into a wait that doubles from a minute up to half an hour, logging ids only", async () => {
    const logs: LogRecord[] = [];
    setLogSink((r) => logs.push(r));
    expect(await readOrRetryLater(services, input, 0, () => Promise.reject(timeout))).toEqual({ action: "wait", untilMs: NOW.getTime() + 60_000, why: "source-unreachable" });
    expect(logs.map((l) => [l.event, l.fields])).toEqual([["reminder.source_unreachable", { ...input, errorKind: "FhirRequestError:timeout", failuresInRow: 1, waitMs: 60_000 }]]);
    expect([0, 1, 2, 3, 4, 5, 9].map(readRetryDelayMs)).toEqual([1, 2, 4, 8, 16, 30, 30].map((m) => m * 60_000));
  });

  it("lets a non-transient error stand", async () => {
    await expect(readOrRetryLater(services, input, 0, () => Promise.reject(new FhirRequestError("forbidden", 403, [])))).rejects.toThrow("forbidden");
  });

  it("gives up after maxInRow failures in a row, about a day of trying", async () => {
    await expect(readOrRetryLater(services, input, READ_RETRY.maxInRow, () => Promise.reject(timeout))).rejects.toBe(timeout);
    const totalMs = Array.from({ length: READ_RETRY.maxInRow }, (_, i) => readRetryDelayMs(i)).reduce((a, b) => a + b, 0);
    expect(totalMs).toBeGreaterThan(20 * 3_600_000);
    expect(totalMs).toBeLessThan(48 * 3_600_000);
  });
});
