import type { Appointment, Patient } from "@medplum/fhirtypes";
import { toE164 } from "../connectors/fhir/map-contact.js";
import { startSandboxEhr, type SandboxEhr } from "../src/sandbox/ehr-server.js";
import { buildPractice } from "../src/sandbox/seed-practice.js";

/**
 * The waitlist bench's practice in the sandbox EHR: `background` booked appointments that only
 * make each sync realistic (all earlier than the slots below), `cancels` booked slots each with its own `perSlot` waitlisted patients
 * (a requested period covering only that slot, so every cancellation offers to fresh patients),
 * and one booked slot `race` with `raceWaitlist` waitlisted patients. Every patient has their own
 * fictional mobile number (555-01xx).
 */
export interface BenchSlot {
  ref: string;
  start: Date;
  end: Date;
  /** The phones of the patients waitlisted for this slot. */
  phones: string[];
}

export interface WaitlistPractice {
  ehr: SandboxEhr;
  cancels: BenchSlot[];
  race: BenchSlot;
  appointments: number;
}

export interface PracticeShape {
  background: number;
  cancels: number;
  perSlot: number;
  raceWaitlist: number;
}

const SEED = 5;
const AREA_CODES = ["312", "773", "872", "847", "630", "708", "815", "217", "309", "618"];
const SLOT_MS = 30 * 60_000;

function* phoneBook(): Generator<string> {
  for (const code of AREA_CODES) {
    for (let line = 101; line <= 199; line++) {
      const phone = toE164(`+1${code}555${String(line).padStart(4, "0")}`);
      if (phone) yield phone;
    }
  }
  throw new Error("The waitlist bench ran out of fictional phone numbers; add area codes.");
}

export async function startWaitlistPractice(now: Date, shape: PracticeShape): Promise<WaitlistPractice> {
  const ehr = await startSandboxEhr({ port: 0, seed: SEED, now, size: { patients: 2, appointments: 1 } });
  for (const resource of buildPractice({ seed: SEED, now, size: { patients: 2, appointments: 1 } })) {
    if ((resource.resourceType === "Appointment" || resource.resourceType === "Invoice") && resource.id) await ehr.repo.deleteResource(resource.resourceType, resource.id);
  }
  const phones = phoneBook();
  let n = 0;
  const patient = async (): Promise<{ ref: string; phone: string }> => {
    const phone = phones.next().value as string;
    const created = await ehr.repo.createResource<Patient>({ resourceType: "Patient", name: [{ given: ["Bench"], family: `Waitlist${n++}` }], telecom: [{ system: "phone", value: phone, use: "mobile" }] });
    return { ref: `Patient/${created.id}`, phone };
  };
  const booked = async (start: Date, practitioner: string): Promise<string> => {
    const owner = await patient();
    const created = await ehr.repo.createResource<Appointment>({
      resourceType: "Appointment",
      status: "booked",
      start: start.toISOString(),
      end: new Date(start.getTime() + SLOT_MS).toISOString(),
      participant: [{ actor: { reference: owner.ref }, status: "needs-action" }, { actor: { reference: `Practitioner/${practitioner}` }, status: "accepted" }, { actor: { reference: "Location/loc-north" }, status: "accepted" }],
    });
    return `Appointment/${created.id}`;
  };
  const slot = async (start: Date, waitlisted: number): Promise<BenchSlot> => {
    const end = new Date(start.getTime() + SLOT_MS);
    const ref = await booked(start, "prac-1");
    const slotPhones: string[] = [];
    for (let i = 0; i < waitlisted; i++) {
      const who = await patient();
      await ehr.repo.createResource<Appointment>({
        resourceType: "Appointment",
        status: "waitlist",
        priority: 1,
        created: new Date(now.getTime() - (i + 1) * 3_600_000).toISOString(),
        requestedPeriod: [{ start: start.toISOString(), end: end.toISOString() }],
        participant: [{ actor: { reference: who.ref }, status: "needs-action" }],
      });
      slotPhones.push(who.phone);
    }
    return { ref, start, end, phones: slotPhones };
  };

  // Background from 26 h out (another practitioner), then the cancellable slots and the race slot
  // after all of it, so a sync pulls and diffs the whole schedule before it reaches a cancellation.
  const hour = 3_600_000;
  for (let i = 0; i < shape.background; i++) await booked(new Date(now.getTime() + 26 * hour + i * 15 * 60_000), "prac-2");
  const after = now.getTime() + 26 * hour + shape.background * 15 * 60_000 + hour;
  const cancels: BenchSlot[] = [];
  for (let i = 0; i < shape.cancels; i++) cancels.push(await slot(new Date(after + i * SLOT_MS), shape.perSlot));
  const race = await slot(new Date(after + shape.cancels * SLOT_MS + hour), shape.raceWaitlist);
  return { ehr, cancels, race, appointments: shape.cancels + 1 + shape.background };
}
