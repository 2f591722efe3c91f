import { describe, expect, it } from "vitest";
import { classifyTwilioFailure, isRetryable, TWILIO_ERROR } from "../../../connectors/twilio/error-codes.js";
import { toSendFailure } from "../../../connectors/twilio/send-error.js";

describe("Twilio failure classification", () => {
  it.each<[string, { status?: number; code?: number }, string]>([
    ["21610 unsubscribed", { status: 400, code: TWILIO_ERROR.UNSUBSCRIBED }, "unsubscribed"],
    ["21211 invalid To", { status: 400, code: TWILIO_ERROR.INVALID_TO }, "invalid-number"],
    ["21614 not mobile", { status: 400, code: TWILIO_ERROR.NOT_MOBILE }, "invalid-number"],
    ["30007 filtered", { status: 400, code: TWILIO_ERROR.CARRIER_FILTERED }, "filtered"],
    ["30007 on a callback (no status)", { code: 30007 }, "filtered"],
    ["30003 unreachable handset", { code: 30003 }, "unreachable"],
    ["30005 unknown handset", { code: 30005 }, "invalid-number"],
    ["30006 landline", { code: 30006 }, "landline"],
    ["30006 at send time", { status: 400, code: 30006 }, "landline"],
    ["429", { status: 429, code: 20429 }, "retryable"],
    ["500", { status: 500 }, "retryable"],
    ["503", { status: 503, code: 20503 }, "retryable"],
    ["no status at all", {}, "retryable"],
    ["another 400", { status: 400, code: 21602 }, "rejected"],
    ["401", { status: 401, code: 20003 }, "rejected"],
    ["404", { status: 404, code: 20404 }, "rejected"],
  ])("%s -> %s", (_name, failure, kind) => {
    expect(classifyTwilioFailure(failure)).toBe(kind);
  });

  it("retries only the retryable kind", () => {
    expect(["unsubscribed", "invalid-number", "landline", "unreachable", "filtered", "retryable", "rejected"].filter((k) => isRetryable(k as never))).toEqual(["retryable"]);
  });

  it.each<[string, unknown, unknown]>([
    ["a RestException-like error", Object.assign(new Error("x"), { status: 400, code: 21610 }), { kind: "unsubscribed", status: 400, code: 21610 }],
    ["a 502 without a code", Object.assign(new Error("x"), { status: 502 }), { kind: "retryable", status: 502 }],
    ["a refused connection (nothing sent)", Object.assign(new Error("x"), { code: "ECONNREFUSED", isAxiosError: true }), { kind: "retryable" }],
    ["a DNS failure (nothing sent)", Object.assign(new Error("x"), { code: "ENOTFOUND" }), { kind: "retryable" }],
    ["a timeout (maybe sent)", Object.assign(new Error("x"), { code: "ECONNABORTED", isAxiosError: true }), { kind: "retryable", outcomeUnknown: true }],
    ["a reset socket (maybe sent)", Object.assign(new Error("x"), { code: "ECONNRESET" }), { kind: "retryable", outcomeUnknown: true }],
    ["a programming error", new TypeError("undefined is not a function"), undefined],
    ["a string", "boom", undefined],
    ["null", null, undefined],
  ])("reads %s", (_name, err, expected) => {
    expect(toSendFailure(err)).toEqual(expected);
  });
});
