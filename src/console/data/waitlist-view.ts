import type { Appointment } from "@medplum/fhirtypes";
import { pullWaitlist } from "../../../connectors/fhir/pull-waitlist.js";
import { parseInstant } from "../../../connectors/fhir/mapped.js";
import { participantRef } from "../../../connectors/fhir/references.js";
import { resourcesOfType } from "../../../connectors/fhir/search-pages.js";
import type { Services } from "../../runtime/services.js";
import { parseJsonColumn } from "../../store/json-column.js";
import { slotKey } from "../../../workflows/workflow-keys.js";
import { readFhirAppointment } from "../../../workflows/source-reads.js";
import { fhirOf } from "./ehr-directory.js";

/**
 * The waitlist page's facts: who is waiting (minnow's own list and the EHR's), and each recent
 * fill of a freed slot with its offers, the hold, and who took it. Fills are read from what the
 * workflows recorded (events, prompts, the slot claim, the audit), so they look the same on
 * either engine.
 */
export interface WaitingEntry {
  ref: string;
  source: "minnow" | "ehr";
  patientRef: string;
  from: Date;
  to: Date;
  priority: number;
  practitionerRef: string | null;
  locationRef: string | null;
  addedAt: Date;
}

export async function waitingEntries(services: Services): Promise<WaitingEntry[]> {
  const own = await services.store.db.selectFrom("waitlist").selectAll().where("status", "in", ["waiting", "offered"]).orderBy("priority").orderBy("created_at").execute();
  const entries: WaitingEntry[] = own.map((r) => ({
    ref: r.id,
    source: "minnow",
    patientRef: r.patient_ref,
    from: new Date(Number(r.requested_start)),
    to: new Date(Number(r.requested_end)),
    priority: Number(r.priority),
    practitionerRef: r.practitioner_ref,
    locationRef: r.location_ref,
    addedAt: new Date(Number(r.created_at)),
  }));
  const client = fhirOf(services);
  if (client) {
    for await (const page of pullWaitlist(client)) {
      for (const e of page.entries) entries.push({ ref: e.ref, source: "ehr", patientRef: e.patientRef, from: e.requestedStart, to: e.requestedEnd, priority: e.priority, practitionerRef: e.practitionerRef ?? null, locationRef: e.locationRef ?? null, addedAt: e.createdAt });
    }
  }
  return entries.sort((a, b) => a.priority - b.priority || a.addedAt.getTime() - b.addedAt.getTime());
}

export type OfferState = "holding" | "took-it" | "answered" | "expired" | "too-late";

export interface Offer {
  patientRef: string;
  sentAt: Date;
  holdUntil: Date | null;
  state: OfferState;
}

export interface Fill {
  cancelledRef: string;
  startedAt: Date;
  slot: { start: Date; practitionerRef: string | undefined; locationRef: string | undefined } | null;
  offers: Offer[];
  takenBy: string | null;
  ended: { reason: string; at: Date } | null;
}

const DAY_MS = 86_400_000;

type Refs = Record<string, string>;

async function slotOf(services: Services, cancelledRef: string): Promise<Fill["slot"]> {
  const client = fhirOf(services);
  if (!client || !cancelledRef.startsWith("Appointment/")) return null;
  // Gone from the EHR: the fill still shows, without its time.
  const appointment = await readFhirAppointment(client, cancelledRef);
  const start = parseInstant(appointment?.start);
  return appointment && start instanceof Date ? { start, practitionerRef: participantRef(appointment.participant, "Practitioner"), locationRef: participantRef(appointment.participant, "Location") } : null;
}

/** Fills of the last `days` days, newest first. */
export async function recentFills(services: Services, days = 14): Promise<Fill[]> {
  const now = services.clock.now();
  const since = now.getTime() - days * DAY_MS;
  const db = services.store.db;
  const events = await db.selectFrom("events").select(["type", "refs", "occurred_at"]).where("type", "in", ["waitlist.offer_sent", "waitlist.slot_filled"]).where("occurred_at", ">=", since).orderBy("occurred_at").execute();
  const audits = await db.selectFrom("audit_log").select(["action", "subject_ref", "at", "reasons"]).where("action", "in", ["console.fill_started", "waitlist.fill_ended"]).where("at", ">=", since).orderBy("seq").execute();
  const fills = new Map<string, Fill>();
  const fill = (ref: string, at: Date): Fill => {
    const found = fills.get(ref) ?? { cancelledRef: ref, startedAt: at, slot: null, offers: [], takenBy: null, ended: null };
    fills.set(ref, found);
    return found;
  };
  for (const row of audits) {
    if (!row.subject_ref) continue;
    const f = fill(row.subject_ref, new Date(Number(row.at)));
    if (row.action === "waitlist.fill_ended") f.ended = { reason: parseJsonColumn<string[]>(row.reasons, "audit_log.reasons")[0] ?? "ended", at: new Date(Number(row.at)) };
  }
  for (const row of events) {
    const refs = parseJsonColumn<Refs>(row.refs, "events.refs");
    if (!refs.cancelledRef || !refs.patientRef) continue;
    const f = fill(refs.cancelledRef, new Date(Number(row.occurred_at)));
    if (row.type === "waitlist.slot_filled") f.takenBy = refs.patientRef;
    else f.offers.push({ patientRef: refs.patientRef, sentAt: new Date(Number(row.occurred_at)), holdUntil: null, state: "holding" });
  }
  for (const f of fills.values()) {
    f.slot = await slotOf(services, f.cancelledRef);
    const prompts = await db.selectFrom("prompts").select(["patient_ref", "expires_at", "closed_at"]).where("subject_ref", "=", f.cancelledRef).where("kind", "=", "waitlist-offer").execute();
    const claimant = (await db.selectFrom("slot_claims").select("patient_ref").where("slot_key", "=", slotKey(f.cancelledRef)).executeTakeFirst())?.patient_ref ?? null;
    f.takenBy ??= claimant;
    for (const offer of f.offers) {
      const prompt = prompts.find((p) => p.patient_ref === offer.patientRef);
      offer.holdUntil = prompt ? new Date(Number(prompt.expires_at)) : null;
      offer.state = offerState(offer, prompt, f.takenBy, now);
    }
  }
  return [...fills.values()].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
}

function offerState(offer: Offer, prompt: { expires_at: number; closed_at: number | null } | undefined, takenBy: string | null, now: Date): OfferState {
  if (takenBy === offer.patientRef) return "took-it";
  if (!prompt) return takenBy ? "too-late" : "expired";
  const closed = prompt.closed_at == null ? null : Number(prompt.closed_at);
  if (closed === null) return Number(prompt.expires_at) > now.getTime() && !takenBy ? "holding" : takenBy ? "too-late" : "expired";
  if (closed < Number(prompt.expires_at)) return takenBy ? "too-late" : "answered";
  return "expired";
}

/** Cancelled appointments still ahead, the slots staff may offer now. */
export async function freedSlots(services: Services, days = 14): Promise<Array<{ ref: string; start: Date; practitionerRef: string | undefined; locationRef: string | undefined }>> {
  const client = fhirOf(services);
  if (!client) return [];
  const now = services.clock.now();
  const bundle = await client.search("Appointment", { status: "cancelled", date: [`ge${now.toISOString()}`, `lt${new Date(now.getTime() + days * DAY_MS).toISOString()}`], _count: 100, _sort: "date" });
  return resourcesOfType<Appointment>(bundle, "Appointment").flatMap((a) => {
    const start = parseInstant(a.start);
    return start instanceof Date && a.id ? [{ ref: `Appointment/${a.id}`, start, practitionerRef: participantRef(a.participant, "Practitioner"), locationRef: participantRef(a.participant, "Location") }] : [];
  });
}
