import { describe, expect, it } from "vitest";
import { phiProblems } from "./helpers/phi-sample.js";

describe("the sample PHI check used by the manifest tests", () => {
  it.each<[string, unknown, number]>([
    ["refs and codes", { appointmentRef: "acuity:1000001", action: "rescheduled", calendarId: "2001" }, 0],
    ["a Twilio SID and an error code", { messageSid: `SM${"0".repeat(32)}`, errorCode: 30007 }, 0],
    ["a phone in a neutral field", { to: "+13125550101" }, 1],
    ["a date", { when: new Date("2030-01-01") }, 1],
    ["a start field", { start: "x" }, 1],
    ["a name as free text", { who: "Testy Example" }, 1],
    ["an amount", { payment: { amountPaid: "0.00" } }, 1],
    ["a long number", { id: 13125550101 }, 1],
  ])("%s gives %i problem(s)", (_name, sample, count) => {
    expect(phiProblems(sample)).toHaveLength(count);
  });
});
