import { describe, expect, it } from "vitest";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { geocoder, timezones } from "libphonenumber-geo-carrier";
import { placeForNumber, zonesForNumber } from "../../src/policy/phone-geo-data.js";

// Synthetic numbers across US area codes, territories and other countries.
const samples = [
  "+13055550123", "+12035550123", "+12145550123", "+19075550123", "+18085550123", "+17875550123",
  "+16145550123", "+15055550123", "+17025550123", "+18005550100", "+442071234567", "+33142685300",
  "+5215512345678", "+61291234567", "+819012345678",
];

describe("phone geo data read once", () => {
  it.each(samples)("matches the library's own lookups for %s", async (phone) => {
    const parsed = parsePhoneNumberFromString(phone)!;
    expect(zonesForNumber(parsed.number)).toEqual(await timezones(parsed));
    expect(placeForNumber(parsed.countryCallingCode, parsed.nationalNumber)).toEqual(await geocoder(parsed));
  });

  it("gives null for a calling code with no geocode file and for non-digit codes", () => {
    expect(placeForNumber("999", "1234567")).toBeNull();
    expect(placeForNumber("../1", "1234567")).toBeNull();
    expect(zonesForNumber("+")).toBeNull();
  });
});
