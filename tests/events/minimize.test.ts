import { describe, expect, it } from "vitest";
import { isOpaqueRef } from "../../src/events/minimize.js";

describe("isOpaqueRef", () => {
  it.each([
    ["Appointment/04d21072-b631-48cc-adc5-27444726966c", "a UUID whose last group is mostly digits"],
    ["Appointment/12345678901", "a numeric EHR id"],
    ["Patient/p1", "a short id"],
    ["out_01M874J500YESJXVW4R4KY8PV4", "a minnow id"],
    ["acuity:appt:12345", "an Acuity ref"],
  ])("accepts %s (%s)", (value) => {
    expect(isOpaqueRef(value)).toBe(true);
  });

  it.each([
    ["3125550100", "a bare phone number"],
    ["tel:13125550100", "a phone behind a prefix"],
    ["+13125550100", "an E.164 phone"],
    ["Patient/1961-04-12", "a date dressed as an id"],
    ["dob:1961-04-12", "a date"],
    ["ann@example.com", "an email"],
  ])("refuses %s (%s)", (value) => {
    expect(isOpaqueRef(value)).toBe(false);
  });
});
