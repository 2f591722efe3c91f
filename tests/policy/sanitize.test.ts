import { describe, expect, it } from "vitest";
import { renderTemplate, sanitizeValue } from "../../src/policy/index.js";

describe("sanitizeValue", () => {
  it.each([
    ["keeps an ordinary name", "Ana", "Ana"],
    ["keeps accents and apostrophes", "José O'Brien", "José O'Brien"],
    ["drops braces so template syntax stays inert", "{{patient.dob}}", "patient.dob"],
    ["drops single braces too", "a{b}c", "abc"],
    ["drops the RLO override", "Ana\u202Egnp.exe", "Anagnp.exe"],
    ["drops every bidi embedding and isolate", "\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069x\u200E\u200F\u061C", "x"],
    ["drops zero-width characters and the BOM", "A\u200Bn\u200C\u200Da\u2060\uFEFF", "Ana"],
    ["drops C0 controls", "A\u0000n\u0007a\u001B[31m", "Ana[31m"],
    ["drops C1 controls and DEL", "A\u0080n\u009Ba\u007F", "Ana"],
    ["turns line breaks and tabs into one space", "Ana\r\n\tMaria", "Ana Maria"],
    ["turns NEL and line separators into spaces", "Ana\u0085B\u2028C\u2029D", "Ana B C D"],
    ["collapses runs of spaces and no-break spaces", "Ana   \u00A0 Maria", "Ana Maria"],
    ["trims", "  Ana  ", "Ana"],
    ["an all-invisible value becomes empty", "\u200B\u202E\u0000", ""],
  ])("%s", (_name, input, expected) => {
    expect(sanitizeValue(input)).toBe(expected);
  });

  it("caps the length in code points and never splits a surrogate pair", () => {
    expect(sanitizeValue("a".repeat(100), 40)).toBe("a".repeat(40));
    const capped = sanitizeValue("😀".repeat(50), 40);
    expect(Array.from(capped)).toHaveLength(40);
    expect(capped).toBe("😀".repeat(40));
  });

  it("trims a trailing space left by the cap", () => {
    expect(sanitizeValue("abc def", 4)).toBe("abc");
  });
});

describe("renderTemplate sanitizes values", () => {
  const options = { phiLevel: "minimal", timeZone: "America/Chicago" } as const;
  const body = "{{practice.name}}: Hi {{patient.firstName}}";

  it("an injected {{patient.dob}} in a first name stays inert and never renders the DOB", () => {
    const result = renderTemplate({ body }, { practice: { name: "Clinic" }, patient: { firstName: "{{patient.dob}}", dob: "1980-01-02" } }, options);
    expect(result).toEqual({ ok: true, body: "Clinic: Hi patient.dob", variables: ["practice.name", "patient.firstName"] });
  });

  it("strips an RLO character that would reverse the rest of the message", () => {
    const result = renderTemplate({ body: body + ", reply STOP to opt out" }, { practice: { name: "Clinic" }, patient: { firstName: "Ana\u202E" } }, options);
    expect(result.ok && result.body).toBe("Clinic: Hi Ana, reply STOP to opt out");
  });

  it("strips control characters and caps a first name at 40 characters", () => {
    const result = renderTemplate({ body }, { practice: { name: "Clinic" }, patient: { firstName: "\u0007B" + "x".repeat(60) } }, options);
    expect(result.ok && result.body).toBe("Clinic: Hi B" + "x".repeat(39));
  });

  it("a value that sanitizes to nothing is refused as missing", () => {
    const result = renderTemplate({ body }, { practice: { name: "Clinic" }, patient: { firstName: "\u200B\u202E" } }, options);
    expect(result).toEqual({ ok: false, refused: [{ variable: "patient.firstName", phiClass: "sometimes", reason: "missing-value" }] });
  });
});
