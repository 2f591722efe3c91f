import type { TriggerDefinition } from "../../define.js";
import type { BalanceRecord } from "../../records.js";

/** Polls issued (unpaid) Invoices. Amounts never leave the connector; the issue date is PHI and left out. */
export type BalanceSample = Pick<BalanceRecord, "source" | "ref" | "patientRef" | "status">;

export const unpaidBalancesTrigger: TriggerDefinition<BalanceSample> = {
  id: "unpaid-balances",
  displayName: "Unpaid balances",
  strategy: "polling",
  why: "Invoice status changes are not covered by common Subscription topics; a daily search of issued Invoices is enough for payment reminders.",
  sample: { source: "fhir", ref: "Invoice/example-1", patientRef: "Patient/example-1", status: "unpaid" },
};
