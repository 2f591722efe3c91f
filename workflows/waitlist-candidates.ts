import type { FreedSlot } from "../connectors/fhir/actions/book-waitlisted.js";
import { pullWaitlist } from "../connectors/fhir/pull-waitlist.js";
import type { WaitlistEntry } from "../connectors/records.js";
import { locationAliases, sameLocation } from "../src/locations/location-directory.js";
import { readDestination } from "../src/messaging/destination.js";
import { decideConsent } from "../src/policy/consent.js";
import type { Services } from "../src/runtime/services.js";
import { latestConsentForPatient } from "../src/store/consent-ledger.js";
import { getContact } from "../src/store/contacts.js";
import { sentHistory } from "../src/store/outbound-messages.js";
import { waitlistCandidates } from "../src/store/waitlist.js";
import { requireFhir } from "./source-reads.js";
import { ensureContact } from "./sync-patient.js";

/**
 * Who may be offered a freed slot: the EHR's `status=waitlist` Appointments and minnow's own
 * waitlist, whose requested period covers the slot and whose practitioner and location (if they
 * named one) match; a location named by its config id, its EHR Location or its Acuity calendar is
 * one place. Most urgent first, then longest waiting. Journaled as references only.
 */
export interface Candidate {
  waitlistRef: string;
  patientRef: string;
  source: "fhir" | "minnow";
}

const WEEK_MS = 7 * 86_400_000;

/** `sameLocation`: whether two references name one place (a config id and its EHR Location do). */
export function covers(
  entry: Pick<WaitlistEntry, "requestedStart" | "requestedEnd" | "practitionerRef" | "locationRef">,
  slot: FreedSlot,
  sameLocation: (a: string, b: string) => boolean = (a, b) => a === b,
): boolean {
  if (entry.requestedStart.getTime() > slot.start.getTime() || entry.requestedEnd.getTime() < slot.end.getTime()) return false;
  if (entry.practitionerRef && slot.practitionerRef && entry.practitionerRef !== slot.practitionerRef) return false;
  return !(entry.locationRef && slot.locationRef && !sameLocation(entry.locationRef, slot.locationRef));
}

/** Priority (lower is more urgent), then the longest waiting, then the ref, so the order is total. */
export function rankCandidates<T extends Pick<WaitlistEntry, "priority" | "createdAt" | "ref">>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => a.priority - b.priority || a.createdAt.getTime() - b.createdAt.getTime() || a.ref.localeCompare(b.ref));
}

export async function gatherCandidates(services: Services, slot: FreedSlot, excludePatientRef?: string, from: { ehrWaitlist: boolean } = { ehrWaitlist: true }): Promise<Candidate[]> {
  const entries: WaitlistEntry[] = [];
  const same = (a: string, b: string) => sameLocation(services.config, a, b);
  if (from.ehrWaitlist) for await (const page of pullWaitlist(requireFhir(services, "A waitlist fill"))) entries.push(...page.entries.filter((e) => covers(e, slot, same)));
  const locationRefs = slot.locationRef ? locationAliases(services.config, slot.locationRef) : undefined;
  for (const own of await waitlistCandidates(services.store, { ...slot, ...(locationRefs ? { locationRefs } : {}) })) {
    entries.push({ source: "minnow", ref: own.id, patientRef: own.patientRef, requestedStart: own.requestedStart, requestedEnd: own.requestedEnd, priority: own.priority, createdAt: own.createdAt });
  }
  const seen = new Set<string>();
  return rankCandidates(entries)
    .filter((e) => e.patientRef !== excludePatientRef && !seen.has(e.patientRef) && seen.add(e.patientRef))
    .map((e) => ({ waitlistRef: e.ref, patientRef: e.patientRef, source: e.source }));
}

/**
 * Can this patient be offered a slot now: a phone that neither opted out nor was reported as the
 * wrong number (the send would be refused, and the batch would go to fewer people), waitlist
 * consent, and under the weekly offer limit?
 */
export async function offerable(services: Services, patientRef: string): Promise<boolean> {
  if (!(await ensureContact(services, patientRef))) return false;
  const contact = await getContact(services.store, services.crypto, patientRef);
  const destination = await readDestination(services, patientRef, contact?.phoneIdx);
  if (destination.phoneOptedOut || destination.wrongNumber) return false;
  const now = services.clock.now();
  const consent = await latestConsentForPatient(services.store, services.crypto, patientRef);
  if (!decideConsent(consent, { scope: "waitlist", at: now }).allowed) return false;
  const history = await sentHistory(services.store, { patientRef }, new Date(now.getTime() - WEEK_MS));
  return history.filter((m) => m.purpose === "waitlist-offer").length < services.config.waitlist.maxOffersPerWeek;
}

/**
 * The next batch from `cursor`: up to `size` candidates who can be offered now, where to go on
 * from, and how many were passed over on the way (opted out, no consent, weekly limit reached).
 */
export async function pickBatch(services: Services, candidates: readonly Candidate[], cursor: number, size: number): Promise<{ picks: Candidate[]; cursor: number; skipped: number }> {
  const picks: Candidate[] = [];
  let next = cursor;
  let skipped = 0;
  while (next < candidates.length && picks.length < size) {
    const candidate = candidates[next];
    next += 1;
    if (!candidate) continue;
    if (await offerable(services, candidate.patientRef)) picks.push(candidate);
    else skipped += 1;
  }
  return { picks, cursor: next, skipped };
}
