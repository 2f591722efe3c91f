import { pullAcuityAppointments } from "../connectors/acuity/pull-appointments.js";
import { acuityWindowDates } from "../connectors/acuity/triggers/appointments-window.js";
import { unpaidBalances } from "../connectors/acuity/unpaid-balances.js";
import { chooseSearchStrategy, type ChosenStrategy } from "../connectors/fhir/choose-strategy.js";
import type { FhirClient } from "../connectors/fhir/client.js";
import type { AppointmentPage } from "../connectors/fhir/pull-appointments.js";
import { pullSchedule } from "../connectors/fhir/pull-schedule.js";
import { SERVER_PROFILES } from "../connectors/fhir/server-profile.js";
import { pullBalances } from "../connectors/fhir/pull-balances.js";
import type { AppointmentRecord, BalanceRecord } from "../connectors/records.js";
import { locationDirectory } from "../src/locations/location-directory.js";
import { log } from "../src/log.js";
import { scheduleByExport } from "./sync-export.js";
import type { Services } from "../src/runtime/services.js";

/**
 * Everything sync pulls, source by source and page by page, as the connectors' small records.
 * A page is handled and released before the next arrives, so a large practice never sits in memory.
 */
export interface SourceBatch {
  source: "fhir" | "acuity";
  appointments: AppointmentRecord[];
  balances: BalanceRecord[];
  skipped: number;
}

export interface SyncWindow {
  from: Date;
  to: Date;
}

/**
 * The search strategy for this practice's EHR: the config's, else what the server allows. With
 * `by: export` the sync exports instead; other reads (the console's day) still search by default.
 */
export function choosePracticeStrategy(services: Pick<Services, "config">, client: FhirClient): Promise<ChosenStrategy> {
  const { fhir } = services.config;
  return chooseSearchStrategy(client, {
    ...(fhir.search && fhir.search.by !== "export" ? { configured: fhir.search } : {}),
    profile: SERVER_PROFILES[fhir.profile],
    locationRefs: locationDirectory(services.config).listed.map((l) => l.fhirRef),
  });
}

async function* scheduleBySearch(services: Services, client: FhirClient, window: SyncWindow): AsyncGenerator<AppointmentPage> {
  const chosen = await choosePracticeStrategy(services, client);
  log.debug("fhir.search.strategy", { by: chosen.search.by, ids: chosen.search.ids.length, from: chosen.from, profile: chosen.profile.name });
  yield* pullSchedule(client, chosen, { ...window, now: services.clock.now() });
}

async function* fromFhir(services: Services, window: SyncWindow): AsyncGenerator<SourceBatch> {
  const client = services.sources.fhir;
  if (!client) return;
  const { search } = services.config.fhir;
  const schedule = search?.by === "export" ? scheduleByExport(services, client, search, window.from) : scheduleBySearch(services, client, window);
  for await (const page of schedule) yield { source: "fhir", appointments: page.appointments, balances: [], skipped: page.skipped.length };
  for await (const page of pullBalances(client)) yield { source: "fhir", appointments: [], balances: page.balances, skipped: page.skipped.length };
}

async function* fromAcuity(services: Services, window: SyncWindow): AsyncGenerator<SourceBatch> {
  const acuity = services.sources.acuity;
  if (!acuity) return;
  // Acuity reads minDate and maxDate as dates in the account's zone (the practice's), both inclusive.
  const days = Math.max(1, Math.ceil((window.to.getTime() - window.from.getTime()) / 86_400_000) + 1);
  const dates = acuityWindowDates(window.from, days, services.config.practice.timeZone);
  const pull = await pullAcuityAppointments(acuity.client, { ...dates, includeCanceled: true }, { clientRefKey: acuity.clientRefKey });
  yield { source: "acuity", appointments: pull.appointments, balances: unpaidBalances(pull.appointments), skipped: pull.skipped.length };
}

/** The configured sources, each as its own stream so one failing source does not hide the others. */
export function sourceStreams(services: Services, window: SyncWindow): Array<{ source: "fhir" | "acuity"; batches: AsyncGenerator<SourceBatch> }> {
  const streams: Array<{ source: "fhir" | "acuity"; batches: AsyncGenerator<SourceBatch> }> = [];
  if (services.sources.fhir) streams.push({ source: "fhir", batches: fromFhir(services, window) });
  if (services.sources.acuity) streams.push({ source: "acuity", batches: fromAcuity(services, window) });
  return streams;
}
