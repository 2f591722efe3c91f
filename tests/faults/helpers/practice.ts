import type { Appointment, Patient } from "@medplum/fhirtypes";
import { toE164 } from "../../../connectors/fhir/map-contact.js";
import { startSandboxEhr, type SandboxEhr } from "../../../src/sandbox/ehr-server.js";
import { buildPractice } from "../../../src/sandbox/seed-practice.js";

/**
 * A practice sized for fault tests: the sandbox EHR over HTTP holding exactly `count` booked
 * appointments, each for its own patient with its own fictional number, all starting in 20 hours,
 * so one sync makes every 24h reminder due now (and supersedes the 72h one): one text each.
 *
 * The numbers are 555-0100 to 555-0199 (the fictional range) on non-geographic NANP codes
 * (toll-free, 5XX), 2,000 in all. Those carry no time
 * zone, so quiet hours fall back to the practice's zone, which `faultPracticeConfig` picks so
 * that it is early afternoon there now: the tests pass at any hour CI runs them.
 */
const CANDIDATE_CODES = ["800", "833", "844", "855", "866", "877", "888", "500", "521", "522", "525", "526", "527", "528", "529", "533", "544", "566", "577", "588"];
// libphonenumber decides which codes are valid (523 and 524 are not): keep only those the connector accepts.
const NON_GEOGRAPHIC = CANDIDATE_CODES.filter((code) => toE164(`+1${code}5550150`) !== undefined);
const LINES = 100;
const SEED = 7;

export function faultPhone(index: number): string {
  const code = NON_GEOGRAPHIC[Math.floor(index / LINES)];
  if (!code) throw new RangeError(`Only ${NON_GEOGRAPHIC.length * LINES} distinct fictional numbers are available; asked for #${index}.`);
  return `+1${code}555${String(100 + (index % LINES)).padStart(4, "0")}`;
}

/** An Etc zone where the local hour is 13 now, e.g. Etc/GMT-4 at 09:xx UTC. */
export function afternoonZone(now = new Date()): string {
  let offset = 13 - now.getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  // Etc/GMT signs are inverted: Etc/GMT-4 is UTC+4.
  return offset === 0 ? "Etc/GMT" : `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`;
}

export function faultPracticeConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    practice: { timeZone: afternoonZone() },
    consent: { fromEhr: { scopes: ["appointment", "waitlist"], phiLevel: "none", evidence: "Fault test intake form" } },
    ...extra,
  };
}

export interface FaultPractice {
  ehr: SandboxEhr;
  phones: string[];
  appointmentRefs: string[];
}

export async function startFaultPractice(count: number, opts: { startsInMs?: number; now?: Date } = {}): Promise<FaultPractice> {
  const now = opts.now ?? new Date();
  const ehr = await startSandboxEhr({ port: 0, seed: SEED, now, size: { patients: 2, appointments: 1 } });
  // Drop the seeded schedule so the test owns every appointment in the horizon.
  for (const resource of buildPractice({ seed: SEED, now, size: { patients: 2, appointments: 1 } })) {
    if ((resource.resourceType === "Appointment" || resource.resourceType === "Invoice") && resource.id) await ehr.repo.deleteResource(resource.resourceType, resource.id);
  }
  const start = new Date(now.getTime() + (opts.startsInMs ?? 20 * 3_600_000));
  const phones: string[] = [];
  const appointmentRefs: string[] = [];
  for (let i = 0; i < count; i++) {
    const phone = faultPhone(i);
    const patient = await ehr.repo.createResource<Patient>({
      resourceType: "Patient",
      name: [{ given: ["Faulty"], family: `Fixture${i}` }],
      telecom: [{ system: "phone", value: phone, use: "mobile" }],
    });
    const appointment = await ehr.repo.createResource<Appointment>({
      resourceType: "Appointment",
      status: "booked",
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
      participant: [
        { actor: { reference: `Patient/${patient.id}` }, status: "needs-action" },
        { actor: { reference: "Practitioner/prac-1" }, status: "accepted" },
      ],
    });
    phones.push(phone);
    appointmentRefs.push(`Appointment/${appointment.id}`);
  }
  return { ehr, phones, appointmentRefs };
}

/** How many messages each number received: the exactly-once check, counted at the fake Twilio. */
export function countByPhone(messages: ReadonlyArray<{ to: string }>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
  return counts;
}

export function notExactlyOnce(phones: readonly string[], counts: Map<string, number>): string[] {
  return phones.filter((p) => counts.get(p) !== 1).map((p) => `${p}=${counts.get(p) ?? 0}`);
}
