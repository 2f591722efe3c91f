import { describe, expect, it } from "vitest";
import { owesBalance, toCents, unpaidBalances } from "../../../connectors/acuity/unpaid-balances.js";
import type { AppointmentRecord } from "../../../connectors/records.js";

function record(payment: AppointmentRecord["payment"], status: AppointmentRecord["status"] = "booked"): AppointmentRecord {
  return { source: "acuity", ref: "acuity:1", patientRef: "acuity-client:x", start: new Date("2030-07-02T15:00:00Z"), status, contact: {}, ...(payment ? { payment } : {}) };
}

describe("unpaid Acuity appointments as balances", () => {
  it.each<[string, AppointmentRecord, boolean]>([
    ["unpaid with a price", record({ paid: false, amountPaid: "0.00", price: "10.00" }), true],
    ["partly paid", record({ paid: false, amountPaid: "4.00", price: "10.00" }), true],
    ["no amountPaid at all", record({ paid: false, price: "10.00" }), true],
    ["paid", record({ paid: true, amountPaid: "10.00", price: "10.00" }), false],
    ["free", record({ paid: false, amountPaid: "0.00", price: "0.00" }), false],
    ["paid in full but not flagged", record({ paid: false, amountPaid: "10.00", price: "10.00" }), false],
    ["an unreadable price", record({ paid: false, price: "ten" }), false],
    ["no payment fields", record(undefined), false],
    ["cancelled", record({ paid: false, price: "10.00" }, "cancelled"), false],
  ])("%s -> owes %s", (_name, input, owes) => {
    expect(owesBalance(input)).toBe(owes);
  });

  it("emits the fact of a balance, never an amount", () => {
    const balances = unpaidBalances([record({ paid: false, price: "10.00" }), record({ paid: true, price: "10.00" })]);
    expect(balances).toEqual([{ source: "acuity", ref: "acuity:1:balance", patientRef: "acuity-client:x", status: "unpaid", issuedAt: new Date("2030-07-02T15:00:00Z") }]);
  });

  it.each<[string | undefined, number | undefined]>([["10.00", 1000], ["10.5", 1050], ["7", 700], [" 0.01 ", 1], ["-1.00", undefined], ["1.234", undefined], ["", undefined], [undefined, undefined]])("reads %j as %s cents", (value, cents) => {
    expect(toCents(value)).toBe(cents);
  });
});
