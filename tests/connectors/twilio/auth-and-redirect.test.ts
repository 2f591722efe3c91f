import { describe, expect, it } from "vitest";
import { senderOf, twilioAuthSchema } from "../../../connectors/twilio/auth.js";
import { redirectUri, RedirectingRequestClient } from "../../../connectors/twilio/redirect-client.js";
import { ACCOUNT_SID, FROM, MESSAGING_SERVICE_SID } from "./helpers.js";

const base = { accountSid: ACCOUNT_SID, authToken: "t" };

describe("Twilio auth schema", () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ["a messaging service", { ...base, messagingServiceSid: MESSAGING_SERVICE_SID }, true],
    ["a from number", { ...base, from: FROM }, true],
    ["a short code", { ...base, from: "55501" }, true],
    ["both senders", { ...base, from: FROM, messagingServiceSid: MESSAGING_SERVICE_SID }, true],
    ["an api base URL", { ...base, from: FROM, apiBaseUrl: "http://127.0.0.1:4010" }, true],
    ["no sender", { ...base }, false],
    ["a from number without +", { ...base, from: "3125550199" }, false],
    ["a malformed account sid", { ...base, accountSid: "AC123", from: FROM }, false],
    ["a malformed messaging service sid", { ...base, messagingServiceSid: "PN123" }, false],
    ["an empty token", { ...base, authToken: "", from: FROM }, false],
    ["a bad base URL", { ...base, from: FROM, apiBaseUrl: "localhost" }, false],
  ])("%s -> valid %s", (_name, input, valid) => {
    expect(twilioAuthSchema.safeParse(input).success).toBe(valid);
  });

  it("names the missing sender field and both settings in the error", () => {
    const issue = twilioAuthSchema.safeParse(base).error?.issues[0];
    expect(issue?.path).toEqual(["messagingServiceSid"]);
    expect(issue?.message).toMatch(/TWILIO_MESSAGING_SERVICE_SID.*TWILIO_FROM/);
  });

  it("prefers the Messaging Service as sender", () => {
    expect(senderOf({ messagingServiceSid: MESSAGING_SERVICE_SID, from: FROM })).toEqual({ messagingServiceSid: MESSAGING_SERVICE_SID });
    expect(senderOf({ from: FROM })).toEqual({ from: FROM });
    expect(() => senderOf({})).toThrow(/TWILIO_FROM/);
  });
});

describe("redirecting the Twilio REST API", () => {
  const path = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
  it.each<[string, string, string]>([
    ["an origin", "http://127.0.0.1:4010", `http://127.0.0.1:4010${path}`],
    ["an origin with a trailing slash", "http://127.0.0.1:4010/", `http://127.0.0.1:4010${path}`],
    ["a path prefix", "https://sandbox.test/twilio/", `https://sandbox.test/twilio${path}`],
  ])("onto %s keeps the path", (_name, baseUrl, expected) => {
    expect(redirectUri(`https://api.twilio.com${path}`, baseUrl)).toBe(expected);
  });

  it("keeps the query of a paging URI", () => {
    expect(redirectUri(`https://api.twilio.com${path}?To=%2B13125550101&Page=1&PageToken=PA1`, "http://127.0.0.1:9")).toBe(`http://127.0.0.1:9${path}?To=%2B13125550101&Page=1&PageToken=PA1`);
  });

  it("refuses a base URL that is not a URL when constructed", () => {
    expect(() => new RedirectingRequestClient("not a url")).toThrow();
  });
});
