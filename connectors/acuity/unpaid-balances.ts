import type { AppointmentRecord, BalanceRecord } from "../records.js";

/**
 * Acuity has no invoices; a balance is an appointment whose price exceeds what was paid. Only the
 * fact of a balance leaves here, never the amounts (payment reminders do not quote them).
 */

/** Decimal money string to cents; undefined when unreadable. */
export function toCents(value: string | undefined): number | undefined {
  const match = value?.trim().match(/^(\d+)(?:\.(\d{1,2}))?$/);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
}

export function owesBalance(record: AppointmentRecord): boolean {
  if (!record.payment || record.payment.paid || record.status === "cancelled") return false;
  const price = toCents(record.payment.price);
  if (price === undefined || price === 0) return false;
  return (toCents(record.payment.amountPaid) ?? 0) < price;
}

export function unpaidBalances(records: readonly AppointmentRecord[]): BalanceRecord[] {
  return records.filter(owesBalance).map((record) => ({ source: "acuity", ref: `${record.ref}:balance`, patientRef: record.patientRef, status: "unpaid", issuedAt: record.start }));
}
