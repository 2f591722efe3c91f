import type { Appointment, Invoice, Patient } from "@medplum/fhirtypes";
import { AcuityApiError } from "../connectors/acuity/acuity-error.js";
import { mapAcuityAppointment } from "../connectors/acuity/map-appointment.js";
import { owesBalance } from "../connectors/acuity/unpaid-balances.js";
import type { FhirClient } from "../connectors/fhir/client.js";
import { FhirRequestError } from "../connectors/fhir/fhir-error.js";
import { mapAppointment } from "../connectors/fhir/map-appointment.js";
import { mapInvoice } from "../connectors/fhir/pull-balances.js";
import { mapWaitlistEntry } from "../connectors/fhir/pull-waitlist.js";
import { participantRef, requireRef } from "../connectors/fhir/references.js";
import type { AppointmentRecord, BalanceRecord, WaitlistEntry } from "../connectors/records.js";
import type { Services } from "../src/runtime/services.js";
import { getHl7Appointment } from "../src/store/hl7-appointments.js";
import { fromRereadBatch } from "./fhir-reread-batch.js";

/**
 * Re-reads one record from its source of truth by reference, so a workflow that slept acts on
 * what is true now (principle 3). A record that is gone reads as null. PHI read here (a first
 * name for the template) stays in the caller's step and is never returned from it.
 */
export interface FreshAppointment {
  record: AppointmentRecord;
  firstName?: string;
}

const GONE = new Set([404, 410]);

function isGone(err: unknown): boolean {
  return (err instanceof FhirRequestError || err instanceof AcuityApiError) && err.status !== undefined && GONE.has(err.status);
}

/**
 * A read that failed without saying anything about the record: the source timed out, could not
 * be reached, throttled us or failed on its side. Worth reading again later; never "gone".
 */
export function isTransientReadError(err: unknown): boolean {
  if (!(err instanceof FhirRequestError || err instanceof AcuityApiError)) return false;
  if (err.status === undefined) return err.code === "timeout" || err.code === "network";
  return err.status === 408 || err.status === 429 || err.status >= 500;
}

async function orNull<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    if (isGone(err)) return null;
    throw err;
  }
}

export function requireFhir(services: Services, what: string): FhirClient {
  const client = services.sources.fhir;
  if (!client) throw new Error(`${what} needs the FHIR source, but none is configured: set FHIR_BASE_URL (or run the sandbox).`);
  return client;
}

export function readFhirAppointment(client: FhirClient, ref: string): Promise<Appointment | null> {
  return orNull(() => client.read<Appointment>("Appointment", requireRef(ref, "Appointment").id));
}

/** Re-reads made in the same turn share one search (fhir-reread-batch.ts); the rest read alone. */
async function readFromFhir(services: Services, ref: string): Promise<FreshAppointment | null> {
  const client = requireFhir(services, `Re-reading ${ref}`);
  const batched = await fromRereadBatch(client, ref);
  if (batched) return fresh(services, batched.appointment, batched.patient);
  const appointment = await readFhirAppointment(client, ref);
  const patientRef = appointment ? participantRef(appointment.participant, "Patient") : undefined;
  if (!appointment || !patientRef) return null;
  const patient = await orNull(() => client.read<Patient>("Patient", requireRef(patientRef, "Patient").id));
  return patient ? fresh(services, appointment, patient) : null;
}

function fresh(services: Services, appointment: Appointment, patient: Patient): FreshAppointment | null {
  const mapped = mapAppointment(appointment, patient, services.clock.now());
  if (!mapped.ok) return null;
  const firstName = patient.name?.[0]?.given?.[0];
  return firstName ? { record: mapped.value, firstName } : { record: mapped.value };
}

function acuityId(ref: string): string {
  const match = /^acuity:(\d+)(?::balance)?$/.exec(ref);
  if (!match?.[1]) throw new Error(`Expected an Acuity reference like "acuity:123", got "${ref}".`);
  return match[1];
}

async function readFromAcuity(services: Services, ref: string): Promise<FreshAppointment | null> {
  const acuity = services.sources.acuity;
  if (!acuity) throw new Error(`Re-reading ${ref} needs the Acuity source: set ACUITY_USER_ID and ACUITY_API_KEY.`);
  const raw = await orNull(() => acuity.client.request("GET", `/appointments/${acuityId(ref)}`));
  if (raw === null) return null;
  const mapped = mapAcuityAppointment(raw, { clientRefKey: acuity.clientRefKey });
  if (!mapped.ok) return null;
  const firstName = typeof raw === "object" && raw !== null ? (raw as { firstName?: unknown }).firstName : undefined;
  return typeof firstName === "string" && firstName.trim() ? { record: mapped.value, firstName: firstName.trim() } : { record: mapped.value };
}

/** An HL7 feed pushes; its latest state, as the feed last described it, is the source's word. */
async function readFromHl7(services: Services, ref: string): Promise<FreshAppointment | null> {
  const latest = await getHl7Appointment(services.store, services.crypto, ref);
  if (!latest) return null;
  return latest.firstName ? { record: latest.record, firstName: latest.firstName } : { record: latest.record };
}

/** The appointment as its source says it is now, or null when it is gone or unusable. */
export function readAppointment(services: Services, ref: string): Promise<FreshAppointment | null> {
  if (ref.startsWith("hl7:")) return readFromHl7(services, ref);
  return ref.startsWith("acuity:") ? readFromAcuity(services, ref) : readFromFhir(services, ref);
}

/** The balance as its source says it is now: an Invoice, or an Acuity appointment's payment. */
export async function readBalance(services: Services, ref: string): Promise<BalanceRecord | null> {
  if (ref.startsWith("acuity:")) {
    const fresh = await readFromAcuity(services, ref);
    if (!fresh) return null;
    return { source: "acuity", ref, patientRef: fresh.record.patientRef, status: owesBalance(fresh.record) ? "unpaid" : "paid" };
  }
  const client = requireFhir(services, `Re-reading ${ref}`);
  const invoice = await orNull(() => client.read<Invoice>("Invoice", requireRef(ref, "Invoice").id));
  if (!invoice) return null;
  const mapped = mapInvoice(invoice);
  return mapped.ok ? mapped.value : null;
}

/** An entry of the EHR's own waitlist as the EHR has it now, or null when it is gone or no longer waiting. */
export async function readEhrWaitlistEntry(services: Services, ref: string): Promise<WaitlistEntry | null> {
  const client = services.sources.fhir;
  if (!client) return null;
  const appointment = await orNull(() => client.read<Appointment>("Appointment", requireRef(ref, "Appointment").id));
  const mapped = appointment ? mapWaitlistEntry(appointment) : null;
  return mapped?.ok ? mapped.value : null;
}
