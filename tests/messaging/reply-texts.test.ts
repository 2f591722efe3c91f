import { describe, expect, it } from "vitest";
import { parsePracticeConfig } from "../../src/config/practice.js";
import { classifyReply } from "../../src/policy/classify-reply.js";
import { smsSegments } from "../../src/policy/sms-segments.js";
import { displayPhone, REPLY_TEXT_IDS, replyLanguage, replyText } from "../../src/messaging/reply-texts.js";

const config = parsePracticeConfig({ practice: { name: "Lakeview Pediatrics", phone: "+13125550100" } });
const cases = REPLY_TEXT_IDS.flatMap((id) => (["en", "es"] as const).map((language) => [id, language, replyText(config, id, language, { code: "123456" })] as const));

describe("reply texts", () => {
  it.each(cases)("%s (%s) names the practice, is GSM-7, at most 2 segments", (_id, _language, text) => {
    expect(text.startsWith("Lakeview Pediatrics: ")).toBe(true);
    const segments = smsSegments(text);
    expect(segments.encoding).toBe("GSM-7");
    expect(segments.segments).toBeLessThanOrEqual(2);
  });

  it.each(cases)("%s (%s) never asks for a reply of CANCEL, END or QUIT, and carries no PHI placeholder", (_id, _language, text) => {
    expect(text).not.toMatch(/reply (cancel|end|quit|cancelar)|responda (cancel|cancelar)/i);
    expect(text).not.toMatch(/\{\{|undefined|null/);
  });

  it.each(cases.filter(([id, , text]) => !text.includes("STOP") && !id.startsWith("opt-out")))("%s (%s), which gives no STOP instruction, is not read as an opt-out if echoed back", (_id, _language, text) => {
    // Texts that say "Reply STOP" opt out when pasted back, by design (STOP wins anywhere); the others must not.
    expect(classifyReply(text, { expecting: [] }).intent).not.toBe("opt_out");
  });

  it.each([
    ["opt-out", /no more messages/, /START/],
    ["opt-out-cancel-by-phone", /cancel your appointment, call \(312\) 555-0100/, /START/],
    ["help", /\(312\) 555-0100/, /STOP/],
    ["clarify", /\(312\) 555-0100/, /more than one appointment/],
    ["verification-code", /123456/, /10 minutes/],
  ] as const)("%s says what it must", (id, first, second) => {
    const text = replyText(config, id, "en", { code: "123456" });
    expect(text).toMatch(first);
    expect(text).toMatch(second);
  });

  it.each([
    [["es"], "es"],
    [["es-MX"], "es"],
    [[undefined, "es"], "es"],
    [[null, "en-US"], "en"],
    [["fr"], "en"],
    [[], "en"],
  ] as const)("replyLanguage(%j) is %s", (hints, expected) => {
    expect(replyLanguage(...hints)).toBe(expected);
  });

  it.each([
    ["+13125550100", "(312) 555-0100"],
    ["+442079460000", "+44 20 7946 0000"],
    ["garbage", "garbage"],
  ])("displayPhone(%s) is %s", (e164, shown) => {
    expect(displayPhone(e164)).toBe(shown);
  });
});
