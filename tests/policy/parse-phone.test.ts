import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { describe, expect, it } from "vitest";
import { parsePhone } from "../../src/policy/parse-phone.js";

/** What the library itself says, parsed afresh. Synthetic 555 numbers and documented examples only. */
function fresh(value: string, country: CountryCode = "US") {
  const p = parsePhoneNumberFromString(value, country);
  return p && { number: p.number, country: p.country, countryCallingCode: p.countryCallingCode, nationalNumber: p.nationalNumber, valid: p.isValid(), possible: p.isPossible() };
}

const clean = <T extends object>(o: T | undefined) => o && Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

describe("parsePhone", () => {
  it.each([
    ["(312) 555-0142", "US"],
    ["312.555.0143", "US"],
    ["(416) 555-0199", "US"],
    ["(787) 555-0144", "US"],
    ["020 7946 0958", "GB"],
    ["312-555-0145 ext. 12", "US"],
    ["555-0146", "US"],
  ] as const)("answers %s (default %s) as the library does, and then its E.164 form too", (raw, country) => {
    const first = parsePhone(raw, country);
    expect(clean(first)).toEqual(clean(fresh(raw, country)));
    if (first) expect(clean(parsePhone(first.number, country))).toEqual(clean(fresh(first.number, country)));
  });

  it("gives the same answer on a second ask, and undefined for text that is no number", () => {
    expect(parsePhone("(312) 555-0147")).toEqual(parsePhone("(312) 555-0147"));
    expect(parsePhone("(312) 555-0147")?.number).toBe("+13125550147");
    expect(parsePhone("not a phone")).toBeUndefined();
    expect(parsePhone("not a phone")).toBeUndefined();
    expect(parsePhone("")).toBeUndefined();
  });

  it("marks a number of the right length that no carrier uses as possible but not valid", () => {
    expect(parsePhone("+1 312 055 0148")).toMatchObject({ possible: true, valid: false });
  });

  it("keeps answering correctly after many distinct numbers (the memo starts afresh when full)", () => {
    for (let i = 0; i < 25_000; i++) parsePhone(`(312) 5${String(i).padStart(6, "0")}`);
    expect(clean(parsePhone("(312) 555-0149"))).toEqual(clean(fresh("(312) 555-0149")));
  });
});
