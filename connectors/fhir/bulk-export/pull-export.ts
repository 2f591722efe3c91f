import type { Appointment, Patient } from "@medplum/fhirtypes";
import { log } from "../../../src/log.js";
import type { FhirClient } from "../client.js";
import { createPhoneNormalizer } from "../map-contact.js";
import { DEFAULT_STATUSES, mapAppointments, type AppointmentPage, type AppointmentWindow } from "../pull-appointments.js";
import { BulkExportError, EXPIRED_FIX, ExportJobFailedError, ExportJobGoneError } from "./export-error.js";
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
 * The job in flight is remembered (`job`): a sync after a restart, or after an export that outran
 * its deadline, resumes it rather than leaving it orphaned on the EHR and starting another.
 */
export interface ExportPull extends Pick<AppointmentWindow, "from" | "now" | "pageSize" | "patientFallback"> {
  group?: string;
  since?: string;
  onComplete: (transactionTime: string) => Promise<void>;
  poll?: Partial<PollPolicy>;
  /** How long one file may take to download and read. */
  fileTimeoutMs?: number;
  /** Where the job in flight is remembered, so a sync after a restart resumes it instead of orphaning it. */
  job?: ExportJobMemory;
}

export interface ExportJobMemory {
  /** The status URL of a job an earlier sync started and did not finish. */
  pending?: string;
  /** Remembers a job the EHR accepted, or forgets it (null) once it is read or has failed. */
  remember(statusUrl: string | null): Promise<void>;
}

const STATUSES: ReadonlySet<string> = new Set(DEFAULT_STATUSES);

async function* fileRecords(client: FhirClient, manifest: ExportManifest, url: string, timeoutMs: number): AsyncGenerator<unknown> {
  const response = await client.http(url, { headers: { accept: "application/fhir+ndjson" }, credentials: manifest.requiresAccessToken, timeoutMs });
  if (response.status === 404 || response.status === 410) throw new ExportJobGoneError(`An export file is gone (HTTP ${response.status}): the job expired while minnow read it`, EXPIRED_FIX);
  if (!response.ok || !response.body) throw new BulkExportError(`An export file could not be read (HTTP ${response.status})`, "the next sync reads this export again");
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

/** The manifest of the job an earlier sync left running, or undefined when the EHR no longer has it. */
async function resumed(client: FhirClient, pull: ExportPull, statusUrl: string): Promise<ExportManifest | undefined> {
  try {
    const manifest = await awaitManifest(client, statusUrl, pull.poll);
    log.info("fhir.export.resumed", {});
    return manifest;
  } catch (err) {
    if (!(err instanceof ExportJobGoneError || err instanceof ExportJobFailedError)) throw err;
    log.info("fhir.export.resume_abandoned", { errorKind: err.name });
    await pull.job?.remember(null);
    return undefined;
  }
}

async function startOrResume(client: FhirClient, pull: ExportPull): Promise<{ statusUrl: string; manifest: ExportManifest }> {
  const pending = pull.job?.pending;
  const earlier = pending ? await resumed(client, pull, pending) : undefined;
  if (pending && earlier) return { statusUrl: pending, manifest: earlier };
  const statusUrl = await kickOffExport(client, { types: ["Appointment", "Patient"], ...(pull.group ? { group: pull.group } : {}), ...(pull.since ? { since: pull.since } : {}) });
  await pull.job?.remember(statusUrl);
  try {
    return { statusUrl, manifest: await awaitManifest(client, statusUrl, pull.poll) };
  } catch (err) {
    // A job that failed or vanished is forgotten; one still running past the deadline is resumed next time.
    if (err instanceof ExportJobGoneError || err instanceof ExportJobFailedError) await pull.job?.remember(null);
    throw err;
  }
}

async function* readManifest(client: FhirClient, pull: ExportPull, manifest: ExportManifest): AsyncGenerator<AppointmentPage> {
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
}

export async function* pullExport(client: FhirClient, pull: ExportPull): AsyncGenerator<AppointmentPage> {
  const { statusUrl, manifest } = await startOrResume(client, pull);
  try {
    yield* readManifest(client, pull, manifest);
  } catch (err) {
    // Files that expired while minnow read them: the next sync needs a new job, not this one.
    if (err instanceof ExportJobGoneError) await pull.job?.remember(null);
    throw err;
  }
  await client.http(statusUrl, { method: "DELETE" }).then((r) => r.body?.cancel(), () => undefined);
  await pull.job?.remember(null);
  await pull.onComplete(manifest.transactionTime);
}
