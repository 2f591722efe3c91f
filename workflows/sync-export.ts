import { pullExport } from "../connectors/fhir/bulk-export/pull-export.js";
import type { FhirClient } from "../connectors/fhir/client.js";
import type { AppointmentPage } from "../connectors/fhir/pull-appointments.js";
import type { FhirExportConfig } from "../src/config/fhir-schema.js";
import { log } from "../src/log.js";
import type { Services } from "../src/runtime/services.js";
import { exportScope, loadExportSince, loadPendingExportJob, savePendingExportJob, saveExportSince } from "../src/store/fhir-export-state.js";

/**
 * The schedule by Bulk Data `$export` (`fhir.search: { by: export }`): the first export is full;
 * each later one asks only for what changed since the last one's transactionTime, which is stored
 * once every page of that export has been applied. An export that fails part-way is asked for again
 * from the same `_since`, and what it applied twice is unchanged the second time. The job in flight
 * is stored too, so a restarted minnow resumes it rather than starting another.
 */
export async function* scheduleByExport(services: Services, client: FhirClient, config: FhirExportConfig, from: Date): AsyncGenerator<AppointmentPage> {
  const scope = exportScope(client.baseUrl, config.group);
  const since = await loadExportSince(services.store, scope);
  const pending = await loadPendingExportJob(services.store, scope);
  log.debug("fhir.search.strategy", { by: "export", group: config.group ?? null, since: since ?? null });
  yield* pullExport(client, {
    from,
    now: services.clock.now(),
    ...(config.group ? { group: config.group } : {}),
    ...(since ? { since } : {}),
    job: { ...(pending ? { pending } : {}), remember: (statusUrl) => savePendingExportJob(services.store, scope, statusUrl, services.clock.now()) },
    onComplete: async (transactionTime) => {
      await saveExportSince(services.store, scope, transactionTime, services.clock.now());
      log.info("fhir.export.done", { transactionTime });
    },
  });
}
