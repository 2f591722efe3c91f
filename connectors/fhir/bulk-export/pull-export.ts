import type { Appointment, Patient } from "@medplum/fhirtypes";
import { log } from "../../../src/log.js";
import type { FhirClient } from "../client.js";
import { createPhoneNormalizer } from "../map-contact.js";
import { DEFAULT_STATUSES, mapAppointments, type AppointmentPage, type AppointmentWindow } from "../pull-appointments.js";
import { BulkExportError, EXPIRED_FIX } from "./export-error.js";
import { awaitManifest, type ExportManifest, type PollPolicy } from "./export-status.js";
import { kickOffExport } from "./kick-off.js";
import { ndjsonRecords } from "./ndjson-lines.js";

/**
 * The schedule through Bulk Data `$export`: kick off, wait for the manifest, then stream its NDJSON
 * files a line at a time. Patients come first, kept only as the contact fields the mapping reads;
 * then appointments, mapped `pageSize` at a time through the same code as a search page. Only
 * appointments from `from` on, in the statuses a search asks for, are yielded; they are not cut at
 * the sync horizon, because with `_since` an unchanged appointment is never exported again. Once
 * every page has been taken, the job is deleted and `onComplete` gets the manifest's transactionTime.
 */
export interface ExportPull extends Pick<AppointmentWindow, "from" | "now" | "pageSize" | "patientFallback"> {
  group?: string;
  since?: string;
  onComplete: (transactionTime: string) => Promise<void>;
  poll?: Partial<PollPolicy>;
  /** How long one file may take to download and read. */
  fileTimeoutMs?: number;
}

const STATUSES: ReadonlySet<string> = new Set(DEFAULT_STATUSES);

async function* fileRecords(client: FhirClient, manifest: ExportManifest, url: string, timeoutMs: number): AsyncGenerator<unknown> {
  const response = await client.http(url, { headers: { accept: "application/fhir+ndjson" }, credentials: manifest.requiresAccessToken, timeoutMs });
  if (response.status === 404 || response.status === 410) throw new BulkExportError(`An export file is gone (HTTP ${response.status}): the job expired while minnow read it`, EXPIRED_FIX);
  if (!response.ok || !response.body) throw new BulkExportError(`An export file could not be read (HTTP ${response.status})`, "the next sync asks for a new export");
  let bad = 0;
  yield* ndjsonRecords(response.body, () => (bad += 1));
  if (bad) log.warn("fhir.export.bad_lines", { lines: bad });
}

function contactOnly(patient: Patient): Patient {
  const { id, telecom, communication, address } = patient;
  return { resourceType: "Patient", id, ...(telecom ? { telecom } : {}), ...(communication ? { communication } : {}), ...(address ? { address } : {}) };
}

function wanted(appointment: Appointment, from: Date): boolean {
  if (!STATUSES.has(appointment.status)) return false;
  // No start, or one that is not a date: the mapping skips it and says why.
  const start = appointment.start ? Date.parse(appointment.start) : Number.NaN;
  return Number.isNaN(start) || start >= from.getTime();
}

function filesOf(manifest: ExportManifest, type: string): string[] {
  return manifest.output.filter((o) => o.type === type).map((o) => o.url);
}

export async function* pullExport(client: FhirClient, pull: ExportPull): AsyncGenerator<AppointmentPage> {
  const statusUrl = await kickOffExport(client, { types: ["Appointment", "Patient"], ...(pull.group ? { group: pull.group } : {}), ...(pull.since ? { since: pull.since } : {}) });
  const manifest = await awaitManifest(client, statusUrl, pull.poll);
  const timeoutMs = pull.fileTimeoutMs ?? 10 * 60_000;
  log.info("fhir.export.ready", { files: manifest.output.length, errorFiles: manifest.error.length, since: pull.since ?? null });

  const patients = new Map<string, Patient>();
  for (const url of filesOf(manifest, "Patient")) {
    for await (const record of fileRecords(client, manifest, url, timeoutMs)) {
      const patient = record as Patient;
      if (patient?.resourceType === "Patient" && patient.id) patients.set(`Patient/${patient.id}`, contactOnly(patient));
    }
  }

  const normalizePhone = createPhoneNormalizer();
  const size = pull.pageSize ?? 100;
  let batch: Appointment[] = [];
  for (const url of filesOf(manifest, "Appointment")) {
    for await (const record of fileRecords(client, manifest, url, timeoutMs)) {
      const appointment = record as Appointment;
      if (appointment?.resourceType !== "Appointment" || !wanted(appointment, pull.from)) continue;
      batch.push(appointment);
      if (batch.length < size) continue;
      yield await mapAppointments(client, batch, patients, pull, normalizePhone);
      batch = [];
    }
  }
  if (batch.length) yield await mapAppointments(client, batch, patients, pull, normalizePhone);

  await client.http(statusUrl, { method: "DELETE" }).then((r) => r.body?.cancel(), () => undefined);
  await pull.onComplete(manifest.transactionTime);
}
