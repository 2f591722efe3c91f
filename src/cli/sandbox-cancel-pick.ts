import type { Appointment, Patient } from "@medplum/fhirtypes";
import { mapPatientContact } from "../../connectors/fhir/map-contact.js";
import { pullWaitlist } from "../../connectors/fhir/pull-waitlist.js";
import { participantRef } from "../../connectors/fhir/references.js";
import type { FhirClient } from "../../connectors/fhir/client.js";
import type { WaitlistEntry } from "../../connectors/records.js";
import { covers, rankCandidates } from "../../workflows/waitlist-candidates.js";
import { slotOf } from "../../workflows/waitlist-slot.js";
import { lookupPhoneRegion } from "../policy/phone-region.js";
import { nextSendWindow } from "../policy/quiet-hours.js";
import type { Store } from "../store/db.js";
import { sentHistory } from "../store/outbound-messages.js";
import { getSeen } from "../store/sync-seen.js";

/**
 * Which appointment `minnow sandbox cancel` frees: the soonest booked one, a day or more ahead,
 * that the sync already tracks and that waitlisted patients can take: their requested period covers
 * it, they have a number to text, and they had no offer this week; two of the fill's first batch,
 * on two phones, outside quiet hours where they are. The waitlisters come back
 * ranked as the fill will rank them, with the phone each offer will go to.
 */
export interface Waitlister {
  patientRef: string;
  phone: string;
  /** Quiet hours hold where the patient is: an offer now would be held back (and dropped: a slot does not wait). */
  quietHours: boolean;
}

/** What the pick needs from the practice config. */
export interface PickRules {
  batchSize: number;
  practiceTimeZone: string;
}

export interface CancelPick {
  appointment: Appointment;
  waitlisters: Waitlister[];
}

const LEAD_MS = 24 * 3_600_000;
const WEEK_MS = 7 * 86_400_000;

export async function waitlistEntries(fhir: FhirClient): Promise<WaitlistEntry[]> {
  const entries: WaitlistEntry[] = [];
  for await (const page of pullWaitlist(fhir)) entries.push(...page.entries);
  return entries;
}

async function reach(fhir: FhirClient, patientRef: string, now: Date, practiceTimeZone: string): Promise<{ phone: string; quietHours: boolean } | undefined> {
  const patient = await fhir.read<Patient>("Patient", patientRef.replace(/^Patient\//, ""));
  const mapped = mapPatientContact(patient, now);
  if (!mapped.ok) return undefined;
  const { phone, timeZone, state } = mapped.contact;
  if (!phone) return undefined;
  const phoneRegion = (await lookupPhoneRegion(phone)) ?? undefined;
  const opens = nextSendWindow(now, { phone, ...(timeZone ? { timeZone } : {}), ...(state ? { state } : {}), ...(phoneRegion ? { phoneRegion } : {}) }, { practiceTimeZone });
  return { phone, quietHours: opens.getTime() > now.getTime() };
}

/** Waitlisters who can take this appointment's slot, in the fill's order. */
export async function waitlistersFor(fhir: FhirClient, store: Store, appointment: Appointment, entries: readonly WaitlistEntry[], now: Date, rules: PickRules): Promise<Waitlister[]> {
  const slot = slotOf(appointment);
  if (!slot) return [];
  const own = participantRef(appointment.participant, "Patient");
  const result: Waitlister[] = [];
  const seen = new Set<string>();
  for (const entry of rankCandidates(entries.filter((e) => covers(e, slot)))) {
    if (entry.patientRef === own || seen.has(entry.patientRef)) continue;
    seen.add(entry.patientRef);
    const history = await sentHistory(store, { patientRef: entry.patientRef }, new Date(now.getTime() - WEEK_MS));
    if (history.some((m) => m.purpose === "waitlist-offer")) continue;
    const reached = await reach(fhir, entry.patientRef, now, rules.practiceTimeZone);
    if (reached) result.push({ patientRef: entry.patientRef, ...reached });
  }
  return result;
}

/** Two offers that go out now, to two different phones, within the fill's first batch: enough to try two YES replies. */
function worthCancelling(waitlisters: readonly Waitlister[], batchSize: number): boolean {
  const phones = new Set(waitlisters.slice(0, batchSize).filter((w) => !w.quietHours).map((w) => w.phone));
  return phones.size >= 2;
}

export async function pickCancellation(fhir: FhirClient, store: Store, now: Date, rules: PickRules): Promise<CancelPick | undefined> {
  const entries = await waitlistEntries(fhir);
  const bundle = await fhir.search("Appointment", { status: "booked", date: `ge${new Date(now.getTime() + LEAD_MS).toISOString()}`, _sort: "date", _count: "100" });
  const booked = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is Appointment => r?.resourceType === "Appointment" && r.id !== undefined);
  for (const appointment of booked) {
    const seen = await getSeen(store, "appointment:fhir", `Appointment/${appointment.id ?? ""}`);
    if (seen?.status !== "booked") continue;
    const waitlisters = await waitlistersFor(fhir, store, appointment, entries, now, rules);
    if (worthCancelling(waitlisters, rules.batchSize)) return { appointment, waitlisters };
  }
  return undefined;
}
