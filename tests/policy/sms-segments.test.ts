import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { smsSegments } from "../../src/policy/index.js";

describe("smsSegments", () => {
  it.each([
    ["empty text costs nothing", "", "GSM-7", 0, 0],
    ["plain ASCII", "Hello", "GSM-7", 5, 1],
    ["GSM basic accents and Greek", "èéùìòÇØåÆßÉÄÖÑÜäöñüàΔΦΓΛΩΠΨΣΘΞ¿¡§£¥@", "GSM-7", 36, 1],
    ["extension chars count 2", "^{}\\[~]|€", "GSM-7", 18, 1],
    ["form feed is an extension char", "a\fb", "GSM-7", 4, 1],
    ["160 GSM chars fit one segment", "a".repeat(160), "GSM-7", 160, 1],
    ["161 GSM chars need two parts", "a".repeat(161), "GSM-7", 161, 2],
    ["306 GSM chars fit two parts", "a".repeat(306), "GSM-7", 306, 2],
    ["307 GSM chars need three parts", "a".repeat(307), "GSM-7", 307, 3],
    ["80 braces are 160 septets, one segment", "{".repeat(80), "GSM-7", 160, 1],
    ["81 braces are 162 septets, two parts", "{".repeat(81), "GSM-7", 162, 2],
    ["a smart quote forces UCS-2", "It’s", "UCS-2", 4, 1],
    ["á is not GSM-7", "sábado", "UCS-2", 6, 1],
    ["an emoji is two UTF-16 units", "Hi 👍", "UCS-2", 5, 1],
    ["70 UCS-2 units fit one segment", "é".repeat(69) + "á", "UCS-2", 70, 1],
    ["71 UCS-2 units need two parts", "á".repeat(71), "UCS-2", 71, 2],
    ["134 UCS-2 units fit two parts", "á".repeat(134), "UCS-2", 134, 2],
    ["135 UCS-2 units need three parts", "á".repeat(135), "UCS-2", 135, 3],
    ["a GSM-7 text turns UCS-2 with one emoji", "a".repeat(100) + "😀", "UCS-2", 102, 2],
  ])("%s", (_name, text, encoding, units, segments) => {
    expect(smsSegments(text)).toEqual({ encoding, units, segments });
  });

  it("never splits a GSM escape across parts: 152 plain + one brace moves the brace to part 2", () => {
    // 152 + 2 = 154 septets: a naive 153-septet split would cut the ESC from its character.
    const text = "a".repeat(152) + "{" + "a".repeat(10);
    expect(smsSegments(text)).toEqual({ encoding: "GSM-7", units: 164, segments: 2 });
    const tight = "a".repeat(152) + "{" + "a".repeat(152);
    // Naively 306 septets = 2 parts; packed without splitting the escape it needs 3.
    expect(smsSegments(tight).segments).toBe(3);
  });

  it("never splits a surrogate pair across parts", () => {
    const text = "á".repeat(66) + "😀" + "á".repeat(66);
    // 134 units would fit two 67-unit parts, but the emoji straddles the boundary.
    expect(smsSegments(text)).toEqual({ encoding: "UCS-2", units: 134, segments: 3 });
  });

  it("units are not monotone across an encoding switch, but segments are", () => {
    // 4 braces = 8 septets; in UCS-2 they are 1 unit each.
    expect(smsSegments("{{{{").units).toBe(8);
    expect(smsSegments("{{{{á").units).toBe(5);
  });

  it("segment counts never decrease as characters are appended", () => {
    const char = fc.oneof(
      fc.constantFrom("a", " ", "{", "€", "\n", "é", "á", "’", "😀", "Ω"),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 400 }), (chars) => {
        let text = "";
        let previous = smsSegments(text);
        for (const c of chars) {
          text += c;
          const next = smsSegments(text);
          if (next.segments < previous.segments) return false;
          previous = next;
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });
});
