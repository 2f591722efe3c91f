import type { Appointment, Bundle, Patient } from "@medplum/fhirtypes";
import type { FhirClient } from "../connectors/fhir/client.js";
import { FhirRequestError } from "../connectors/fhir/fhir-error.js";
import { idOf, participantRef, toRelativeRef } from "../connectors/fhir/references.js";
import { resourcesOfType } from "../connectors/fhir/search-pages.js";
import { errorKind, log } from "../src/log.js";

/**
 * Re-reads of appointments asked for in the same turn of the event loop (the reminders that wake
 * together) become one search, `Appointment?_id=a,b,c&_include=Appointment:patient`, instead of
 * two reads each. The search only ever saves work: an appointment it did not return with its
 * patient, and every appointment of a search that failed, is answered `undefined`, and the caller
 * reads it alone as before. So gone (404/410) and unreachable are still told apart by the reads
 * themselves, never guessed from an absence. A read asked for alone is answered `undefined` at
 * once, with no search. A server that refuses the search (it does not take `_id` lists, or a
 * token that may read but not search) or ignores `_include` is not searched for an hour: re-reads
 * go alone meanwhile, then the search is tried again (a refusal from a token that has since been
 * renewed, or a server since upgraded, need not last for the rest of the process).
 */
export interface AppointmentWithPatient {
  appointment: Appointment;
  patient: Patient;
}

/** Keeps `_id=` query strings well under common URL length limits (as fetch-patients.ts does). */
export const REREAD_BATCH_MAX = 50;

/** How long re-reads go alone after the server refused or ignored the search. */
export const REREAD_BATCH_PAUSE_MS = 3_600_000;

/** Taken at load, so a test that fakes timers cannot hold a batch back. */
const nextTurn = globalThis.setImmediate;

type Answer = (found: AppointmentWithPatient | undefined) => void;

interface Batcher {
  /** Callers waiting for the end of this turn, by appointment id. */
  waiting: Map<string, Answer[]>;
  /** Until when (performance.now()) re-reads go alone: the server showed it cannot answer the search usefully. */
  pausedUntil: number;
}

const paused = (batcher: Batcher): boolean => performance.now() < batcher.pausedUntil;

const batchers = new WeakMap<FhirClient, Batcher>();

function batcherFor(client: FhirClient): Batcher {
  let batcher = batchers.get(client);
  if (!batcher) {
    batcher = { waiting: new Map(), pausedUntil: Number.NEGATIVE_INFINITY };
    batchers.set(client, batcher);
  }
  return batcher;
}

/** The appointment and its patient from this turn's shared search, or undefined: read them alone. */
export function fromRereadBatch(client: FhirClient, ref: string): Promise<AppointmentWithPatient | undefined> {
  const relative = toRelativeRef(ref, "Appointment");
  const batcher = batcherFor(client);
  if (!relative || paused(batcher)) return Promise.resolve(undefined);
  const id = idOf(relative);
  return new Promise((answer) => {
    if (batcher.waiting.size === 0) nextTurn(() => flush(client, batcher));
    const answers = batcher.waiting.get(id);
    if (answers) answers.push(answer);
    else batcher.waiting.set(id, [answer]);
  });
}

function flush(client: FhirClient, batcher: Batcher): void {
  const waiting = batcher.waiting;
  batcher.waiting = new Map();
  const ids = [...waiting.keys()];
  if (ids.length < 2 || paused(batcher)) {
    answerAll(waiting, ids, new Map());
    return;
  }
  // Even chunks, so 51 ids make two searches of 26 and 25 rather than one of 50 and a lone read.
  const chunks = Math.ceil(ids.length / REREAD_BATCH_MAX);
  const size = Math.ceil(ids.length / chunks);
  for (let i = 0; i < ids.length; i += size) void searchChunk(client, batcher, ids.slice(i, i + size), waiting);
}

function answerAll(waiting: ReadonlyMap<string, Answer[]>, ids: readonly string[], found: ReadonlyMap<string, AppointmentWithPatient>): void {
  for (const id of ids) for (const answer of waiting.get(id) ?? []) answer(found.get(id));
}

/** The server understood the search and said no: asking again would only get the same answer. */
function isRefusal(err: unknown): err is FhirRequestError {
  return err instanceof FhirRequestError && err.status !== undefined && err.status >= 400 && err.status < 500 && err.status !== 408 && err.status !== 429;
}

function giveUp(batcher: Batcher, reason: Record<string, string | number>): void {
  if (paused(batcher)) return;
  batcher.pausedUntil = performance.now() + REREAD_BATCH_PAUSE_MS;
  log.warn("fhir.reread_batch.given_up", { ...reason, next: "each re-read goes to the EHR alone, as two reads, for an hour; then the search is tried again" });
}

async function searchChunk(client: FhirClient, batcher: Batcher, ids: string[], waiting: ReadonlyMap<string, Answer[]>): Promise<void> {
  let found = new Map<string, AppointmentWithPatient>();
  try {
    const bundle = await client.search("Appointment", { _id: ids.join(","), _include: "Appointment:patient", _count: ids.length });
    const pairs = pairUp(bundle, new Set(ids));
    found = pairs.found;
    // Two or more patients asked for and none sent: the server ignores `_include`.
    if (pairs.withPatient >= 2 && pairs.patients === 0) giveUp(batcher, { reason: "no-included-patients", appointments: pairs.withPatient });
  } catch (err) {
    if (isRefusal(err)) giveUp(batcher, { reason: "search-refused", errorKind: errorKind(err) });
  }
  answerAll(waiting, ids, found);
}

/** Each asked-for appointment the page holds together with its patient; counts say what the server sent. */
function pairUp(bundle: Bundle, wanted: ReadonlySet<string>): { found: Map<string, AppointmentWithPatient>; withPatient: number; patients: number } {
  const patients = new Map<string, Patient>();
  for (const patient of resourcesOfType<Patient>(bundle, "Patient")) if (patient.id) patients.set(`Patient/${patient.id}`, patient);
  const found = new Map<string, AppointmentWithPatient>();
  let withPatient = 0;
  for (const appointment of resourcesOfType<Appointment>(bundle, "Appointment")) {
    const patientRef = participantRef(appointment.participant, "Patient");
    if (!appointment.id || !wanted.has(appointment.id) || !patientRef) continue;
    withPatient += 1;
    const patient = patients.get(patientRef);
    if (patient) found.set(appointment.id, { appointment, patient });
  }
  return { found, withPatient, patients: patients.size };
}
