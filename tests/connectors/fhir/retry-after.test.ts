import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decideRetry, defaultRetryPolicy, parseRetryAfter, type RetryPolicy } from "../../../connectors/fhir/retry-after.js";

const NOW = new Date("2030-03-01T12:00:00Z");
const policy: RetryPolicy = { ...defaultRetryPolicy, now: () => NOW, sleep: async () => {} };

describe("parseRetryAfter", () => {
  it.each<[string | null | undefined, number | undefined]>([
    ["3", 3000],
    [" 0 ", 0],
    ["Fri, 01 Mar 2030 12:00:05 GMT", 5000],
    ["Fri, 01 Mar 2030 11:59:00 GMT", 0],
    ["soon", undefined],
    ["-5", undefined],
    ["1.5", undefined],
    ["", undefined],
    [null, undefined],
    [undefined, undefined],
  ])("reads %j as %j ms", (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it("never returns a negative wait", () => {
    fc.assert(fc.property(fc.string(), (value) => (parseRetryAfter(value, NOW) ?? 0) >= 0));
  });
});

describe("decideRetry", () => {
  it.each<[number | undefined, string | undefined, number, ReturnType<typeof decideRetry>]>([
    [429, "2", 0, { retry: true, waitMs: 2000 }],
    [503, undefined, 0, { retry: true, waitMs: 1000 }],
    [503, undefined, 2, { retry: true, waitMs: 4000 }],
    [429, "2", 3, { retry: false, why: "gave up after 3 retries" }],
    [429, "3600", 0, { retry: false, why: "server asked to wait 3600 s, over the 60 s limit" }],
    [500, "1", 0, { retry: false, why: "not retryable" }],
    [412, undefined, 0, { retry: false, why: "not retryable" }],
    [undefined, undefined, 0, { retry: false, why: "not retryable" }],
  ])("status %s, Retry-After %s, after %i retries", (status, retryAfter, retries, expected) => {
    expect(decideRetry(status, retryAfter, retries, policy)).toEqual(expected);
  });

  it.each<[string, number | undefined, { idempotent?: boolean; transport?: boolean }, ReturnType<typeof decideRetry>]>([
    ["a read after a 500", 500, { idempotent: true }, { retry: true, waitMs: 1000 }],
    ["a read after a 502", 502, { idempotent: true }, { retry: true, waitMs: 1000 }],
    ["a read after a 504", 504, { idempotent: true }, { retry: true, waitMs: 1000 }],
    ["a read that timed out", undefined, { idempotent: true, transport: true }, { retry: true, waitMs: 1000 }],
    ["a read that failed for another reason", undefined, { idempotent: true }, { retry: false, why: "not retryable" }],
    ["a read after a 501", 501, { idempotent: true }, { retry: false, why: "not retryable" }],
    ["a read after a 404", 404, { idempotent: true }, { retry: false, why: "not retryable" }],
    ["a write after a 500", 500, { idempotent: false }, { retry: false, why: "not retryable" }],
    ["a write that timed out", undefined, { transport: true }, { retry: false, why: "not retryable" }],
    ["a write after a 429", 429, {}, { retry: true, waitMs: 1000 }],
  ])("%s", (_name, status, kind, expected) => {
    expect(decideRetry(status, undefined, 0, policy, kind)).toEqual(expected);
  });

  it("gives a read the same retry budget as a 429", () => {
    expect(decideRetry(500, undefined, 3, policy, { idempotent: true })).toEqual({ retry: false, why: "gave up after 3 retries" });
  });
});
