import { describe, expect, it } from "vitest";
import { lookupPhoneRegion, phoneCountry } from "../../src/policy/phone-region.js";

describe("lookupPhoneRegion (libphonenumber metadata, no network)", () => {
  it.each([
    ["+13055550123", { timeZones: ["America/New_York"], state: "FL", country: "US" }],
    ["+12035550123", { timeZones: ["America/New_York"], state: "CT", country: "US" }],
    ["+12145550123", { timeZones: ["America/Chicago"], state: "TX", country: "US" }],
    ["+13125550123", { timeZones: ["America/Chicago"], state: "IL", country: "US" }],
    ["(305) 555-0123", { timeZones: ["America/New_York"], state: "FL", country: "US" }],
  ])("%s resolves to %j", async (phone, expected) => {
    expect(await lookupPhoneRegion(phone)).toEqual(expected);
  });

  it("gives both Alaskan zones for +1 907", async () => {
    const region = await lookupPhoneRegion("+19075550123");
    expect(region?.state).toBe("AK");
    expect([...(region?.timeZones ?? [])].sort()).toEqual(["America/Adak", "America/Anchorage"]);
  });

  it("treats a toll-free number as saying nothing about the zone", async () => {
    expect(await lookupPhoneRegion("+18005550100")).toEqual({ timeZones: [], country: "US" });
  });

  it("knows territories and other countries by country, without a US state", async () => {
    expect(await lookupPhoneRegion("+17875550123")).toEqual({ timeZones: ["America/Puerto_Rico"], country: "PR" });
    expect((await lookupPhoneRegion("+442071234567"))?.timeZones).toEqual(["Europe/London"]);
  });

  it.each([["not a phone"], [""], ["+1555"], ["+1 000 000 0000"]])("returns null for %j", async (phone) => {
    expect(await lookupPhoneRegion(phone)).toBeNull();
  });

  it("reads the country synchronously", () => {
    expect(phoneCountry("+13055550123")).toBe("US");
    expect(phoneCountry("+442071234567")).toBe("GB");
    expect(phoneCountry("garbage")).toBeUndefined();
  });
});

describe("lookupPhoneRegion cache", () => {
  it("answers a repeated number from memory with the same result", async () => {
    const first = lookupPhoneRegion("+13055550142");
    const second = lookupPhoneRegion("+13055550142");
    expect(second).toBe(first);
    expect((await second)?.state).toBe("FL");
  });
});
