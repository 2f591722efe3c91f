import { addDays } from "date-fns";
import type { Invoice, Money, Patient, Resource } from "@medplum/fhirtypes";
import type { SandboxRepository } from "./fhir-repository.js";
import { isTextable, patientId, seedPatients } from "./seed-patients.js";
import { seededRandom, type SeededRandom } from "./seed-random.js";
import { bookedAppointment, LOCATIONS, openSlots, PRACTICE_TIME_ZONE, PRACTITIONERS, waitlistEntry } from "./seed-schedule.js";

/**
 * Grows a synthetic practice into a repository, the same one for the same seed and `now`:
 * patients, 3 practitioners, 2 locations, booked appointments over the next 14 days, a waitlist
 * and invoices, some unpaid. Loaded straight into the repository, so a benchmark-sized practice
 * (2,000 patients, 50,000 appointments) takes seconds, not an HTTP round trip per resource.
 */
export interface PracticeSize {
  patients: number;
  appointments: number;
}

export interface SeedOptions {
  seed?: number;
  now?: Date;
  size?: PracticeSize;
  /** Where the Chicago doctors work and the patients live; Chicago by default (see sandbox-zone.ts). */
  timeZone?: string;
}

export interface SeedStats {
  patients: number;
  appointments: number;
  waitlist: number;
  invoices: number;
  unpaidInvoices: number;
}

export const DEFAULT_PRACTICE_SIZE: PracticeSize = { patients: 60, appointments: 220 };
export const DEFAULT_SEED = 1;

function invoice(index: number, patient: Patient, random: SeededRandom, now: Date): Invoice {
  const cents = random.int(2500, 45000);
  const amount: Money = { value: cents / 100, currency: "USD" };
  return {
    resourceType: "Invoice",
    id: `inv-${String(index + 1).padStart(4, "0")}`,
    identifier: [{ system: "urn:minnow:sandbox:invoice", value: `INV-${String(50000 + index)}` }],
    // Two in five are paid, so a balance pull has something to skip.
    status: index % 5 === 1 || index % 5 === 3 ? "balanced" : "issued",
    subject: { reference: `Patient/${patient.id ?? ""}` },
    recipient: { reference: `Patient/${patient.id ?? ""}` },
    date: addDays(now, -random.int(5, 90)).toISOString(),
    totalNet: amount,
    totalGross: amount,
  };
}

function assertSize(size: PracticeSize): void {
  for (const [name, value] of Object.entries(size)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`Sandbox practice size "${name}" must be a positive integer, got ${String(value)}`);
    }
  }
}

/** Builds the whole practice in memory; pure, so tests can check it without a server. */
export function buildPractice(options: SeedOptions = {}): Resource[] {
  const size = options.size ?? DEFAULT_PRACTICE_SIZE;
  assertSize(size);
  const now = options.now ?? new Date();
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const relocated = options.timeZone !== undefined && options.timeZone !== PRACTICE_TIME_ZONE;
  const patients = seedPatients({ count: size.patients, now, random, ...(relocated ? { timeZone: options.timeZone } : {}) });
  const pickPatient = (): Patient => random.pick(patients);
  // Waitlisted patients can be texted, so a freed slot always has someone to offer it to.
  const textable = patients.filter(isTextable);
  const pickWaitlister = (): Patient => random.pick(textable.length > 0 ? textable : patients);

  const slots = openSlots(now, options.timeZone);
  if (slots.length === 0) throw new Error("The sandbox schedule has no open slot in the next 14 days");
  // Early appointments go to every patient once, so each kind of patient appears in the window.
  const firstVisits = random.shuffle(patients);
  const appointments = random.shuffle(slots).slice(0, size.appointments);
  // Past the schedule's capacity (benchmark sizes), slots are double-booked rather than spilling
  // outside the 14-day window.
  while (appointments.length < size.appointments) appointments.push(random.pick(slots));
  appointments.sort((a, b) => a.start.getTime() - b.start.getTime());
  const width = Math.max(5, String(size.appointments).length);
  const booked = appointments.map((slot, i) => {
    const patient = firstVisits[i] ?? pickPatient();
    return bookedAppointment(`appt-${String(i + 1).padStart(width, "0")}`, patient.id ?? "", slot, random, now);
  });

  const waitlistCount = Math.max(6, Math.round(size.patients * 0.1));
  const waitlist = Array.from({ length: waitlistCount }, (_, i) =>
    waitlistEntry(`wait-${String(i + 1).padStart(4, "0")}`, pickWaitlister().id ?? patientId(0), random, now),
  );
  const invoiceCount = Math.max(8, Math.round(size.patients * 0.25));
  const invoices = Array.from({ length: invoiceCount }, (_, i) => invoice(i, pickPatient(), random, now));
  return [...PRACTITIONERS, ...LOCATIONS, ...patients, ...booked, ...waitlist, ...invoices];
}

export function practiceStats(resources: readonly Resource[]): SeedStats {
  const count = (predicate: (r: Resource) => boolean): number => resources.filter(predicate).length;
  return {
    patients: count((r) => r.resourceType === "Patient"),
    appointments: count((r) => r.resourceType === "Appointment" && r.status !== "waitlist"),
    waitlist: count((r) => r.resourceType === "Appointment" && r.status === "waitlist"),
    invoices: count((r) => r.resourceType === "Invoice"),
    unpaidInvoices: count((r) => r.resourceType === "Invoice" && r.status === "issued"),
  };
}

/** Loads the practice into the repository and returns counts only (no PHI). */
export async function seedPractice(repo: SandboxRepository, options: SeedOptions = {}): Promise<SeedStats> {
  const resources = buildPractice(options);
  for (const resource of resources) await repo.createResource(resource);
  return practiceStats(resources);
}
