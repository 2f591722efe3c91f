import type { Store } from "./db.js";

/** The `_since` of the next Bulk Data export sync, per export scope (migration 015). */
export type FhirExportStateTable = {
  scope: string;
  transaction_time: string;
  updated_at: number;
};

export type FhirExportTables = { fhir_export_state: FhirExportStateTable };

/** The scope key: which EHR, and which Group (or the whole system). */
export function exportScope(baseUrl: string, group: string | undefined): string {
  return `${baseUrl.replace(/\/+$/, "")}|${group ?? "system"}`;
}

export async function loadExportSince(store: Pick<Store, "db">, scope: string): Promise<string | undefined> {
  const row = await store.db.selectFrom("fhir_export_state").select("transaction_time").where("scope", "=", scope).executeTakeFirst();
  return row?.transaction_time;
}

export async function saveExportSince(store: Pick<Store, "db">, scope: string, transactionTime: string, now: Date): Promise<void> {
  const values = { transaction_time: transactionTime, updated_at: now.getTime() };
  await store.db
    .insertInto("fhir_export_state")
    .values({ scope, ...values })
    .onConflict((oc) => oc.column("scope").doUpdateSet(values))
    .execute();
}
