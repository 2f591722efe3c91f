import { addDays } from "date-fns";
import type { AppointmentRecord } from "../../connectors/records.js";
import { sourceStreams } from "../../workflows/sync-sources.js";
import { parseCron, nextFireAfter } from "../engine/cron.js";
import { practiceLocation, resolveLocation, type ResolvedLocation } from "../locations/resolve-location.js";
import type { Services } from "../runtime/services.js";
import { getContact, type Contact } from "../store/contacts.js";
import type { Recipe } from "./recipe.js";

/**
 * Who a recipe would run for over the next days of the real schedule, and when its trigger would
 * fire. Appointment triggers take the booked appointments the sources return for the window (a
 * no-show or a visit is assumed to end that way at its end time; a booking, move or cancellation
 * to be seen now); an invoice, the unpaid balances; the waitlist, the patients waiting now; a
 * schedule, each time its cron fires, every patient minnow has a contact for. A reply or a consent
 * change cannot be foreseen, so those recipes have nothing to simulate.
 */
export interface SimulatedSubject {
  patientRef: string;
  appointment?: AppointmentRecord;
  contact: Contact | null;
  location: ResolvedLocation;
  triggerAt: Date;
}

/** The store's contact, else the one the source just gave (a patient sync has not seen yet). */
async function contactFor(services: Services, record: AppointmentRecord): Promise<Contact | null> {
  const stored = await getContact(services.store, services.crypto, record.patientRef);
  if (stored) return stored;
  const { phone, language, timeZone, state } = record.contact;
  if (!phone) return null;
  return { patientRef: record.patientRef, phone, phoneIdx: services.crypto.index.phone(phone), language: language ?? null, timeZone: timeZone ?? null, state: state ?? null, invalidAt: null };
}

async function* pulled(services: Services, to: Date) {
  for (const { batches } of sourceStreams(services, { from: services.clock.now(), to })) {
    for await (const batch of batches) yield batch;
  }
}

async function appointmentSubjects(services: Services, recipe: Recipe, to: Date): Promise<SimulatedSubject[]> {
  const now = services.clock.now();
  const subjects: SimulatedSubject[] = [];
  for await (const batch of pulled(services, to)) {
    for (const record of batch.appointments) {
      if (record.status !== "booked" || record.start.getTime() > to.getTime()) continue;
      const ends = recipe.trigger.on === "appointment.no_show" || recipe.trigger.on === "appointment.fulfilled";
      const triggerAt = ends ? (record.end ?? record.start) : now;
      subjects.push({ patientRef: record.patientRef, appointment: record, contact: await contactFor(services, record), location: await resolveLocation(services, record), triggerAt });
    }
  }
  return subjects;
}

async function patientSubject(services: Services, patientRef: string, triggerAt: Date): Promise<SimulatedSubject> {
  return { patientRef, contact: await getContact(services.store, services.crypto, patientRef), location: practiceLocation(services.config), triggerAt };
}

async function balanceSubjects(services: Services, to: Date): Promise<SimulatedSubject[]> {
  const refs = new Set<string>();
  for await (const batch of pulled(services, to)) for (const balance of batch.balances) if (balance.status === "unpaid") refs.add(balance.patientRef);
  return Promise.all([...refs].map((ref) => patientSubject(services, ref, services.clock.now())));
}

async function waitlistSubjects(services: Services): Promise<SimulatedSubject[]> {
  const rows = await services.store.db.selectFrom("waitlist").select("patient_ref").where("status", "=", "waiting").orderBy("created_at").execute();
  return Promise.all([...new Set(rows.map((r) => r.patient_ref))].map((ref) => patientSubject(services, ref, services.clock.now())));
}

async function scheduledSubjects(services: Services, cron: string, to: Date): Promise<SimulatedSubject[]> {
  const schedule = parseCron(cron, services.config.practice.timeZone);
  const patients = await services.store.db.selectFrom("contacts").select("patient_ref").orderBy("patient_ref").execute();
  const subjects: SimulatedSubject[] = [];
  for (let fire = nextFireAfter(schedule, services.clock.now()); fire.getTime() <= to.getTime(); fire = nextFireAfter(schedule, fire)) {
    for (const { patient_ref } of patients) subjects.push(await patientSubject(services, patient_ref, fire));
  }
  return subjects;
}

export function simulatedSubjects(services: Services, recipe: Recipe, days: number): Promise<SimulatedSubject[]> {
  const to = addDays(services.clock.now(), days);
  const { trigger } = recipe;
  switch (trigger.on) {
    case "invoice.issued":
      return balanceSubjects(services, to);
    case "waitlist.joined":
      return waitlistSubjects(services);
    case "schedule":
      return scheduledSubjects(services, trigger.cron, to);
    case "reply.received":
    case "consent.changed":
      return Promise.resolve([]);
    default:
      return appointmentSubjects(services, recipe, to);
  }
}
