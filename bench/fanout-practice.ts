import type { Appointment, Patient } from "@medplum/fhirtypes";
import { toE164 } from "../connectors/fhir/map-contact.js";
import { startSandboxEhr, type SandboxEhr } from "../src/sandbox/ehr-server.js";
import { buildPractice } from "../src/sandbox/seed-practice.js";

/**
 * The fan-out bench's practice: `count` booked appointments 20 hours after `now`, each for its
 * own patient, so one sync makes every 24h reminder due at once. Numbers are fictional
 * (555-01xx) across many area codes; a number is shared by at most `perPhone` patients, which
 * the bench's frequency caps allow.
 */
const AREA_CODES = ["312", "773", "872", "847", "630", "708", "815", "217", "309", "618", "212", "646", "718", "917", "347", "516", "631", "914", "415", "510", "213", "310", "408", "650", "206", "253", "425", "303", "720", "602", "480", "617", "781", "508", "404", "678", "770", "215", "267", "412", "313", "248", "734", "614", "216", "513", "317", "414", "612", "651", "314", "816", "504", "615", "901", "502", "801", "702", "503", "971", "808", "907", "202", "301", "410", "703", "804", "919", "704", "843", "201", "203", "205", "207", "208", "209", "210", "214", "218", "219", "224", "225", "228", "229", "231", "234", "239", "240", "251", "252", "254", "256", "260", "262", "269", "270", "276", "281", "305", "307", "308", "316", "318", "319", "320", "321", "330", "334", "336", "337", "339", "352", "360", "361", "386", "401", "402", "405", "406", "407"];
const SEED = 3;

function phoneBook(): string[] {
  const numbers: string[] = [];
  for (const code of AREA_CODES) {
    for (let line = 101; line <= 199; line++) {
      const phone = toE164(`+1${code}555${String(line).padStart(4, "0")}`);
      if (phone) numbers.push(phone);
    }
  }
  return numbers;
}

export async function startFanoutPractice(count: number, now: Date, perPhone: number): Promise<{ ehr: SandboxEhr; phones: string[]; appointmentIds: string[] }> {
  const book = phoneBook();
  if (book.length * perPhone < count) throw new Error(`Only ${book.length * perPhone} patient slots for ${count} appointments; add area codes.`);
  const ehr = await startSandboxEhr({ port: 0, seed: SEED, now, size: { patients: 2, appointments: 1 } });
  for (const resource of buildPractice({ seed: SEED, now, size: { patients: 2, appointments: 1 } })) {
    if ((resource.resourceType === "Appointment" || resource.resourceType === "Invoice") && resource.id) await ehr.repo.deleteResource(resource.resourceType, resource.id);
  }
  const start = new Date(now.getTime() + 20 * 3_600_000);
  const phones: string[] = [];
  const appointmentIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const phone = book[i % book.length] ?? "";
    const patient = await ehr.repo.createResource<Patient>({ resourceType: "Patient", name: [{ given: ["Bench"], family: `Patient${i}` }], telecom: [{ system: "phone", value: phone, use: "mobile" }] });
    const appointment = await ehr.repo.createResource<Appointment>({
      resourceType: "Appointment",
      status: "booked",
      start: start.toISOString(),
      end: new Date(start.getTime() + 1_800_000).toISOString(),
      participant: [{ actor: { reference: `Patient/${patient.id}` }, status: "needs-action" }, { actor: { reference: "Practitioner/prac-1" }, status: "accepted" }],
    });
    phones.push(phone);
    appointmentIds.push(appointment.id ?? "");
  }
  return { ehr, phones, appointmentIds };
}
