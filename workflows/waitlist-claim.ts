import type { Appointment } from "@medplum/fhirtypes";
import { bookWaitlisted, type FreedSlot } from "../connectors/fhir/actions/book-waitlisted.js";
import type { FhirClient } from "../connectors/fhir/client.js";
import { log } from "../src/log.js";
import type { Services } from "../src/runtime/services.js";
import { appendAudit } from "../src/store/audit-log.js";
import { appendEvent } from "../src/store/events.js";
import { claimSlot, releaseSlot } from "../src/store/slot-claims.js";
import { setWaitlistStatus } from "../src/store/waitlist.js";
import { replyToPatient } from "./patient-replies.js";
import { requireFhir } from "./source-reads.js";
import { isHl7Ref, readFreedSlot, slotLocation } from "./waitlist-slot.js";
import { slotKey } from "./workflow-keys.js";

/**
 * The first YES wins: an atomic claim in the store decides between simultaneous replies, then the
 * EHR booking (If-Match) makes it real. A claim whose booking the EHR refuses is released, so the
 * next YES can still win. The winner hears "booked", everyone after hears "already filled".
 *
 * When the EHR fails on its side mid-way, the whole claim is tried again later (waitlist-offer.ts)
 * and the slot stays claimed meanwhile. That is safe: the claim is the winner's again, and neither
 * booking can land twice. An EHR waitlist entry is re-read first: if the first PUT did land, it
 * reads as booked into this slot and nothing is written; if it did not, the PUT carries If-Match on
 * the version just read, so a change by anyone since answers 412, which is "taken". minnow's own
 * entry is created with If-None-Exist on its identifier, so a repeat returns the first booking.
 */
export interface Acceptance {
  cancelledRef: string;
  waitlistRef: string;
  patientRef: string;
  offerKey: string;
}

export type ClaimOutcome = { won: true; bookedRef: string } | { won: false; reason: "claimed-by-another" | "taken" | "slot-gone" };

const ACTOR = "workflow:waitlist-fill";
const MINNOW_WAITLIST_SYSTEM = "urn:minnow:waitlist-entry";

/** minnow's own waitlist has no EHR request to convert, so the booking is created (once, by identifier). */
async function bookFromOwnWaitlist(client: FhirClient, entryId: string, patientRef: string, slot: FreedSlot): Promise<string> {
  const actors = [patientRef, slot.practitionerRef, slot.locationRef].flatMap((reference) => (reference ? [{ actor: { reference }, status: "accepted" as const }] : []));
  const appointment: Appointment = {
    resourceType: "Appointment",
    status: "booked",
    identifier: [{ system: MINNOW_WAITLIST_SYSTEM, value: entryId }],
    start: slot.start.toISOString(),
    end: slot.end.toISOString(),
    participant: actors,
  };
  const created = await client.create(appointment, { ifNoneExist: `identifier=${encodeURIComponent(`${MINNOW_WAITLIST_SYSTEM}|${entryId}`)}` });
  return `Appointment/${created.id ?? "unknown"}`;
}

/**
 * SIU is one-way: minnow cannot book into the practice system behind an HL7 feed. The claim holds
 * the slot for the winner, and the staff book it there (an `waitlist.slot_filled` event and the
 * audit say so); the practice system's S12 for the booking then arrives like any other.
 */
async function holdForStaff(services: Services, a: Acceptance): Promise<string> {
  await setWaitlistStatus(services.store, a.waitlistRef, "booked");
  await appendAudit(services.store, { actor: ACTOR, action: "waitlist.booking_requested", subjectRef: a.cancelledRef, decision: "staff-to-book", reasons: ["hl7-feed-is-one-way"], details: { waitlistRef: a.waitlistRef, patientRef: a.patientRef }, at: services.clock.now() });
  return a.waitlistRef;
}

async function book(services: Services, a: Acceptance, slot: FreedSlot): Promise<string | null> {
  if (isHl7Ref(a.cancelledRef)) return holdForStaff(services, a);
  const client = requireFhir(services, "Booking a waitlist offer");
  if (a.waitlistRef.startsWith("Appointment/")) {
    const result = await bookWaitlisted(client, { waitlistRef: a.waitlistRef, slot });
    return result.booked ? a.waitlistRef : null;
  }
  const bookedRef = await bookFromOwnWaitlist(client, a.waitlistRef, a.patientRef, slot);
  await setWaitlistStatus(services.store, a.waitlistRef, "booked");
  return bookedRef;
}

async function tellAlreadyFilled(services: Services, a: Acceptance, slot: FreedSlot | undefined): Promise<void> {
  const location = slot ? await slotLocation(services, a.cancelledRef, slot) : undefined;
  await replyToPatient(services, { patientRef: a.patientRef, scope: "waitlist", templateId: "waitlist-already-filled", values: {}, effectKey: `${a.offerKey}:already-filled`, actor: ACTOR, subjectRef: a.cancelledRef, ...(location ? { location } : {}) });
}

export async function claimAndBook(services: Services, a: Acceptance): Promise<ClaimOutcome> {
  const now = services.clock.now();
  const key = slotKey(a.cancelledRef);
  const audit = (decision: string, reasons: string[]) =>
    appendAudit(services.store, { actor: ACTOR, action: "waitlist.claim", subjectRef: a.cancelledRef, decision, reasons, details: { waitlistRef: a.waitlistRef, patientRef: a.patientRef }, at: now });
  if (!(await claimSlot(services.store, key, a.patientRef, now))) {
    // Read for its location only: "already filled" comes from the number the offer came from.
    const lost = await readFreedSlot(services, a.cancelledRef);
    await audit("lost", ["claimed-by-another"]);
    await tellAlreadyFilled(services, a, lost?.slot);
    return { won: false, reason: "claimed-by-another" };
  }
  const read = await readFreedSlot(services, a.cancelledRef);
  // A booking retried after the EHR came back must not land in a slot that has already begun.
  const freed = read && read.slot.start.getTime() > now.getTime() ? read : null;
  // Resolved before the booking, so nothing that can fail stands between the booking and its reply.
  const location = freed ? await slotLocation(services, a.cancelledRef, freed.slot) : undefined;
  const bookedRef = freed ? await book(services, a, freed.slot) : null;
  if (!freed || !bookedRef) {
    await releaseSlot(services.store, key, a.patientRef);
    await audit("refused", [freed ? "taken" : "slot-gone"]);
    await tellAlreadyFilled(services, a, read?.slot);
    return { won: false, reason: freed ? "taken" : "slot-gone" };
  }
  await audit("booked", ["first-yes"]);
  if (!isHl7Ref(a.cancelledRef)) await appendAudit(services.store, { actor: ACTOR, action: "ehr.written_back", subjectRef: bookedRef, decision: "booked", reasons: ["waitlist-offer-accepted"], details: { cancelledRef: a.cancelledRef }, at: now });
  await appendEvent(services.store, { id: `evt-waitlist.slot_filled-${key}`, type: "waitlist.slot_filled", refs: { cancelledRef: a.cancelledRef, bookedRef, patientRef: a.patientRef }, occurredAt: now });
  await replyToPatient(services, { patientRef: a.patientRef, scope: "waitlist", templateId: "waitlist-booked", values: { slot: { start: freed.slot.start } }, effectKey: `${a.offerKey}:booked`, actor: ACTOR, subjectRef: bookedRef, ...(location ? { location } : {}) });
  log.info("waitlist.slot_filled", { cancelledRef: a.cancelledRef, bookedRef });
  return { won: true, bookedRef };
}
