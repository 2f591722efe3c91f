import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { verifyTwilioSignature } from "../../../connectors/twilio/signature.js";
import { AUTH_TOKEN, STATUS_CALLBACK } from "./helpers.js";

const params = { MessageSid: `SM${"a".repeat(32)}`, MessageStatus: "delivered", To: "+13125550101" };
const good = twilio.getExpectedTwilioSignature(AUTH_TOKEN, STATUS_CALLBACK, params);

describe("X-Twilio-Signature", () => {
  it.each<[string, Parameters<typeof verifyTwilioSignature>[0], boolean]>([
    ["a signature made with getExpectedTwilioSignature", { authToken: AUTH_TOKEN, url: STATUS_CALLBACK, params, signature: good }, true],
    ["params in another order", { authToken: AUTH_TOKEN, url: STATUS_CALLBACK, params: { To: params.To, MessageStatus: params.MessageStatus, MessageSid: params.MessageSid }, signature: good }, true],
    ["a forged signature (another token)", { authToken: AUTH_TOKEN, url: STATUS_CALLBACK, params, signature: twilio.getExpectedTwilioSignature("attacker", STATUS_CALLBACK, params) }, false],
    ["a changed param", { authToken: AUTH_TOKEN, url: STATUS_CALLBACK, params: { ...params, MessageStatus: "failed" }, signature: good }, false],
    ["an added param", { authToken: AUTH_TOKEN, url: STATUS_CALLBACK, params: { ...params, ErrorCode: "30007" }, signature: good }, false],
    ["another URL", { authToken: AUTH_TOKEN, url: "https://minnow.example.test/webhooks/twilio/inbound", params, signature: good }, false],
    ["a missing signature", { authToken: AUTH_TOKEN, url: STATUS_CALLBACK, params, signature: undefined }, false],
    ["a null signature", { authToken: AUTH_TOKEN, url: STATUS_CALLBACK, params, signature: null }, false],
    ["an empty signature", { authToken: AUTH_TOKEN, url: STATUS_CALLBACK, params, signature: "" }, false],
    ["no auth token configured", { authToken: "", url: STATUS_CALLBACK, params, signature: twilio.getExpectedTwilioSignature("", STATUS_CALLBACK, params) }, false],
    ["garbage", { authToken: AUTH_TOKEN, url: STATUS_CALLBACK, params, signature: "not base64 at all ☃" }, false],
  ])("%s -> %s", (_name, input, valid) => {
    expect(verifyTwilioSignature(input)).toBe(valid);
  });
});
