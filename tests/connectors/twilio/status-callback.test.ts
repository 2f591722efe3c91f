import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isFinalStatus, isStatusAdvance, parseStatusCallback, statusCallbackUrl, type MessageStatus } from "../../../connectors/twilio/status-callback.js";
import { ACCOUNT_SID } from "./helpers.js";

const SID = `SM${"a".repeat(32)}`;
const base = { AccountSid: ACCOUNT_SID, MessageSid: SID, SmsSid: SID, To: "+13125550101", ApiVersion: "2010-04-01" };

describe("parsing a Twilio status callback", () => {
  it.each<[string, string, MessageStatus]>([
    ["accepted", "accepted", "queued"],
    ["queued", "queued", "queued"],
    ["sending", "sending", "queued"],
    ["sent", "sent", "sent"],
    ["delivered", "delivered", "delivered"],
    ["read (WhatsApp/RCS)", "read", "delivered"],
    ["upper case", "DELIVERED", "delivered"],
  ])("maps %s", (_name, twilioStatus, status) => {
    const parsed = parseStatusCallback({ ...base, MessageStatus: twilioStatus, SmsStatus: twilioStatus });
    expect(parsed).toEqual({ ok: true, update: { messageSid: SID, status, twilioStatus: twilioStatus.toLowerCase() } });
  });

  it.each<[string, string, string, string]>([
    ["undelivered with 30007", "undelivered", "30007", "filtered"],
    ["failed with 21610", "failed", "21610", "unsubscribed"],
    ["failed with 21211", "failed", "21211", "invalid-number"],
    ["undelivered with 21614", "undelivered", "21614", "invalid-number"],
    ["undelivered with 30003 (handset unreachable)", "undelivered", "30003", "unreachable"],
    ["undelivered with 30005 (unknown handset)", "undelivered", "30005", "invalid-number"],
    ["undelivered with 30006 (landline)", "undelivered", "30006", "landline"],
    ["undelivered with an unmapped code", "undelivered", "30008", "rejected"],
  ])("classifies %s", (_name, status, code, failure) => {
    const parsed = parseStatusCallback({ ...base, MessageStatus: status, ErrorCode: code });
    expect(parsed.ok && parsed.update).toMatchObject({ status, errorCode: Number(code), failure });
  });

  it("marks a failure without an ErrorCode as rejected (never retried)", () => {
    const parsed = parseStatusCallback({ ...base, MessageStatus: "failed" });
    expect(parsed.ok && parsed.update.failure).toBe("rejected");
  });

  it("folds a canceled (scheduled) message into failed, not retried", () => {
    const parsed = parseStatusCallback({ ...base, MessageStatus: "canceled" });
    expect(parsed).toEqual({ ok: true, update: { messageSid: SID, status: "failed", twilioStatus: "canceled", failure: "rejected" } });
  });

  it("falls back to the legacy SmsSid/SmsStatus fields", () => {
    const parsed = parseStatusCallback({ SmsSid: SID, SmsStatus: "sent" });
    expect(parsed).toEqual({ ok: true, update: { messageSid: SID, status: "sent", twilioStatus: "sent" } });
  });

  it.each<[string, Record<string, string | string[] | undefined>, RegExp]>([
    ["no MessageSid", { MessageStatus: "sent" }, /MessageSid is missing/],
    ["a blank MessageSid", { MessageSid: " ", MessageStatus: "sent" }, /MessageSid is missing/],
    ["a call SID", { MessageSid: `CA${"a".repeat(32)}`, MessageStatus: "sent" }, /not a Twilio message SID/],
    ["a repeated MessageSid", { MessageSid: [SID, SID], MessageStatus: "sent" }, /MessageSid is missing/],
    ["no MessageStatus", { MessageSid: SID }, /MessageStatus is missing/],
    ["an inbound status", { MessageSid: SID, MessageStatus: "received" }, /not an outbound message status/],
    ["an unknown status", { MessageSid: SID, MessageStatus: "exploded" }, /not an outbound/],
    ["a non-numeric ErrorCode", { MessageSid: SID, MessageStatus: "failed", ErrorCode: "30007; DROP" }, /ErrorCode is not a number/],
  ])("rejects %s", (_name, params, error) => {
    const parsed = parseStatusCallback(params);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(error);
  });

  it("never throws on arbitrary fields", () => {
    fc.assert(fc.property(fc.dictionary(fc.constantFrom("MessageSid", "MessageStatus", "ErrorCode", "SmsSid", "SmsStatus", "x"), fc.oneof(fc.string(), fc.array(fc.string()))), (params) => {
      expect(typeof parseStatusCallback(params).ok).toBe("boolean");
    }), { numRuns: 1000 });
  });
});

describe("status ordering", () => {
  it.each<[MessageStatus | undefined, MessageStatus, boolean]>([
    [undefined, "queued", true],
    ["queued", "sent", true],
    ["sent", "delivered", true],
    ["queued", "delivered", true],
    ["delivered", "sent", false],
    ["sent", "sent", false],
    ["delivered", "undelivered", false],
    ["failed", "delivered", false],
    ["sent", "failed", true],
  ])("%s -> %s is an advance: %s", (previous, next, advance) => {
    expect(isStatusAdvance(previous, next)).toBe(advance);
  });

  it("treats only delivered, undelivered and failed as final", () => {
    expect((["queued", "sent", "delivered", "undelivered", "failed"] as const).filter(isFinalStatus)).toEqual(["delivered", "undelivered", "failed"]);
  });
});

describe("the status callback URL", () => {
  it.each<[string, string]>([
    ["https://minnow.example.test", "https://minnow.example.test/webhooks/twilio/status"],
    ["https://minnow.example.test/", "https://minnow.example.test/webhooks/twilio/status"],
    ["https://example.test/minnow/", "https://example.test/minnow/webhooks/twilio/status"],
  ])("is PUBLIC_URL %s plus the route path", (publicUrl, expected) => {
    expect(statusCallbackUrl(publicUrl)).toBe(expected);
  });

  it("refuses a PUBLIC_URL that is not a URL", () => {
    expect(() => statusCallbackUrl("minnow.example.test")).toThrow();
  });
});
