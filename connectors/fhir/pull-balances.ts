import type { Invoice } from "@medplum/fhirtypes";
import type { BalanceRecord, SkippedResource } from "../records.js";
import type { FhirClient } from "./client.js";
import { parseInstant, partitionMapped, type Mapped } from "./mapped.js";
import { toRelativeRef } from "./references.js";
import { resourcesOfType, searchPages } from "./search-pages.js";

/**
 * Unpaid balances: Invoices the EHR has issued and not yet balanced. Only the fact of a balance
 * leaves the connector, never amounts or line items (payment reminders do not quote them).
 */
export interface BalancePage {
  balances: BalanceRecord[];
  skipped: SkippedResource[];
}

const STATUS: Partial<Record<NonNullable<Invoice["status"]>, BalanceRecord["status"]>> = { issued: "unpaid", balanced: "paid" };

export function mapInvoice(invoice: Invoice): Mapped<BalanceRecord> {
  const ref = `Invoice/${invoice.id ?? "unknown"}`;
  if (invoice.resourceType !== "Invoice" || !invoice.id) return { ok: false, skipped: { ref, reason: "malformed" } };
  // The subject is the patient billed; a recipient-only invoice may name a guarantor instead.
  const patientRef = toRelativeRef(invoice.subject?.reference, "Patient") ?? toRelativeRef(invoice.recipient?.reference, "Patient");
  if (!patientRef) return { ok: false, skipped: { ref, reason: "no-patient" } };
  const issued = parseInstant(invoice.date);
  const record: BalanceRecord = { source: "fhir", ref, patientRef, status: STATUS[invoice.status] ?? "other" };
  if (issued instanceof Date) record.issuedAt = issued;
  return { ok: true, value: record };
}

export async function* pullBalances(client: FhirClient, options: { pageSize?: number } = {}): AsyncGenerator<BalancePage> {
  for await (const page of searchPages(client, "Invoice", { status: "issued", _count: options.pageSize ?? 100 })) {
    const { values, skipped } = partitionMapped(resourcesOfType<Invoice>(page, "Invoice"), mapInvoice, "fhir.invoice.skipped");
    yield { balances: values, skipped };
  }
}
