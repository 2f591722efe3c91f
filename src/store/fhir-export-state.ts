import type { Store } from "./db.js";

/** The `_since` of the next Bulk Data export sync, per export scope (migration 015). */
export type FhirExportStateTable = {
  scope: string;
  transaction_time: string;
  updated_at: number;
};

export type FhirExportTables = {
  fhir_export_state: FhirExportStateTable;
  /** The job in flight per scope (migration 022). */
  fhir_export_jobs: { scope: string; status_url: string; started_at: number };
};

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

/** The status URL of the export job this scope has in flight, if any. */
export async function loadPendingExportJob(store: Pick<Store, "db">, scope: string): Promise<string | undefined> {
  const row = await store.db.selectFrom("fhir_export_jobs").select("status_url").where("scope", "=", scope).executeTakeFirst();
  return row?.status_url;
}

/** Remembers the scope's job in flight, or forgets it (null). */
export async function savePendingExportJob(store: Pick<Store, "db">, scope: string, statusUrl: string | null, now: Date): Promise<void> {
  if (statusUrl === null) {
    await store.db.deleteFrom("fhir_export_jobs").where("scope", "=", scope).execute();
    return;
  }
  const values = { status_url: statusUrl, started_at: now.getTime() };
  await store.db
    .insertInto("fhir_export_jobs")
    .values({ scope, ...values })
    .onConflict((oc) => oc.column("scope").doUpdateSet(values))
    .execute();
}
