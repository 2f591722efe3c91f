import type { AppointmentRecord, AppointmentStatus } from "../connectors/records.js";
import { practiceLocation, resolveLocation, type ResolvedLocation } from "../src/locations/resolve-location.js";
import type { Services } from "../src/runtime/services.js";
import { getContact, type Contact } from "../src/store/contacts.js";
import { currentStay } from "./reminder-stay.js";
import { readAppointment, readBalance, readEhrWaitlistEntry } from "./source-reads.js";
import { ensureContact } from "./sync-patient.js";
import type { RecipeTriggerKind } from "../src/automations/recipe.js";

/**
 * What a recipe run is about, read fresh from its source of truth by reference: the appointment
 * (for appointment triggers), the balance, the waitlist entry, or just the patient. `standDown`
 * says, in a short code, why the trigger no longer holds (the appointment was moved, the invoice
 * was paid). PHI read here (the first name, the contact) stays inside the step that reads it.
 */
export interface RecipeSubject {
  patientRef: string;
  appointment?: AppointmentRecord;
  firstName?: string;
  contact: Contact | null;
  location: ResolvedLocation;
}

export type SubjectRead = { ok: true; subject: RecipeSubject } | { ok: false; standDown: string };

/** The appointment status each appointment trigger assumes while the run acts. */
const STATUS_FOR: Partial<Record<RecipeTriggerKind, AppointmentStatus>> = {
  "appointment.booked": "booked",
  "appointment.moved": "booked",
  "appointment.cancelled": "cancelled",
  "appointment.no_show": "noshow",
  "appointment.fulfilled": "fulfilled",
};

export function isAppointmentTrigger(kind: RecipeTriggerKind): boolean {
  return STATUS_FOR[kind] !== undefined;
}

/**
 * A keyed hash of the booking's stay (its start, and which stay at that start: reminder-stay.ts).
 * A run about a booking stands down once the booking moves, and stays down when it moves back: a
 * run from a move to B that is still waiting when the booking goes B to A to B is not the run of
 * the last move, which has its own.
 */
export function appointmentAnchor(services: Pick<Services, "crypto">, appointmentRef: string, start: Date, stay: number | undefined): string {
  return `st:${services.crypto.index.hmac("automation-anchor", `${appointmentRef}|${start.toISOString()}|${stay ?? "first"}`).slice(0, 22)}`;
}

/** Anchors made before stays were told apart ("at:", the start alone) keep their meaning for runs started then. */
function startAnchor(services: Pick<Services, "crypto">, appointmentRef: string, start: Date): string {
  return `at:${services.crypto.index.hmac("automation-anchor", `${appointmentRef}|${start.toISOString()}`).slice(0, 22)}`;
}

async function anchorHolds(services: Services, appointmentRef: string, start: Date, anchor: string): Promise<boolean> {
  if (anchor.startsWith("at:")) return startAnchor(services, appointmentRef, start) === anchor;
  return appointmentAnchor(services, appointmentRef, start, await currentStay(services, appointmentRef)) === anchor;
}

async function withPatient(services: Services, patientRef: string, extra: Partial<RecipeSubject> = {}): Promise<SubjectRead> {
  const contact = await getContact(services.store, services.crypto, patientRef);
  return { ok: true, subject: { patientRef, contact, location: extra.location ?? practiceLocation(services.config), ...extra } };
}

async function readAppointmentSubject(services: Services, kind: RecipeTriggerKind, ref: string, anchor: string | undefined): Promise<SubjectRead> {
  const fresh = await readAppointment(services, ref);
  if (!fresh) return { ok: false, standDown: "appointment-gone" };
  const { record } = fresh;
  if (record.status !== STATUS_FOR[kind]) return { ok: false, standDown: `appointment-now-${record.status}` };
  if (anchor && (kind === "appointment.booked" || kind === "appointment.moved") && !(await anchorHolds(services, ref, record.start, anchor))) return { ok: false, standDown: "appointment-moved" };
  const location = await resolveLocation(services, record);
  return withPatient(services, record.patientRef, { appointment: record, location, ...(fresh.firstName ? { firstName: fresh.firstName } : {}) });
}

/** A waitlist.joined subject is an entry of minnow's own waitlist (staff or the API added it) or of the EHR's. */
async function readWaitlistSubject(services: Services, ref: string): Promise<SubjectRead> {
  if (ref.startsWith("Appointment/")) {
    const entry = await readEhrWaitlistEntry(services, ref);
    if (!entry) return { ok: false, standDown: "no-longer-waiting" };
    await ensureContact(services, entry.patientRef);
    return withPatient(services, entry.patientRef);
  }
  const entry = await services.store.db.selectFrom("waitlist").select(["patient_ref", "status"]).where("id", "=", ref).executeTakeFirst();
  if (!entry || entry.status !== "waiting") return { ok: false, standDown: "no-longer-waiting" };
  return withPatient(services, entry.patient_ref);
}

/** Re-reads the subject as the trigger assumed it; `anchor` pins a booking's start. */
export async function readRecipeSubject(services: Services, kind: RecipeTriggerKind, subjectRef: string, anchor?: string): Promise<SubjectRead> {
  if (isAppointmentTrigger(kind)) return readAppointmentSubject(services, kind, subjectRef, anchor);
  if (kind === "invoice.issued") {
    const balance = await readBalance(services, subjectRef);
    if (!balance || balance.status !== "unpaid") return { ok: false, standDown: "balance-settled" };
    return withPatient(services, balance.patientRef);
  }
  if (kind === "waitlist.joined") return readWaitlistSubject(services, subjectRef);
  // A reply, a consent change or a schedule is about the patient; consent is decided at each send.
  return withPatient(services, subjectRef);
}
