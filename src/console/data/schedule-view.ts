import { orderTouches } from "../../../workflows/reminder-plan.js";
import { locationDirectory } from "../../locations/location-directory.js";
import type { Services } from "../../runtime/services.js";
import { openItemsOnPhones } from "../../store/staff-inbox.js";
import { appointmentZone, displayZone, formatTime, formatTimeInZone, formatWhen } from "../time.js";
import type { Tone } from "../words.js";
import type { Visit } from "./day-schedule.js";
import type { NamedRef } from "./ehr-directory.js";
import { consentBadge, optOutBadge, readStanding, type Badge, type PatientStanding } from "./patient-standing.js";
import { ANSWER_WORDS, patientAnswer, reminderLines, type Answer, type Line } from "./reminder-status.js";
import { readAppointmentFacts } from "./schedule-facts.js";

/** One row of the Today page, in words. */
export interface ScheduleRow {
  visit: Visit;
  time: string;
  practitioner: string;
  location: string;
  statusWords: { words: string; tone: Tone } | null;
  reminders: Line[];
  answer: Answer;
  consent: Badge;
  optOut: Badge | null;
  /** The open inbox conversation with this patient's phone, if a person is needed. */
  inboxHref: string | null;
  patientHref: string | null;
}

export interface ScheduleCounts {
  total: number;
  confirmed: number;
  awaiting: number;
  noReply: number;
  notAsked: number;
  needsStaff: number;
}

export interface ScheduleView {
  rows: ScheduleRow[];
  counts: ScheduleCounts;
}

const STATUS_WORDS: Partial<Record<Visit["status"], { words: string; tone: Tone }>> = {
  cancelled: { words: "Cancelled", tone: "bad" },
  noshow: { words: "No-show", tone: "bad" },
  fulfilled: { words: "Seen", tone: "ok" },
};

const NEEDS_STAFF: ReadonlySet<Answer> = new Set(["reschedule", "declined", "cancelled"]);

function nameOf(list: readonly NamedRef[], ref: string | undefined, fallback: string): string {
  return (ref && list.find((n) => n.ref === ref)?.name) || fallback;
}

/** A feed's provider or resource code, named as the feed sends it (staff ids, not PHI). */
const FEED_PRACTITIONER = /^hl7-(?:practitioner|resource):(.+)$/;

function practitionerName(list: readonly NamedRef[], ref: string | undefined): string {
  const code = ref ? FEED_PRACTITIONER.exec(ref)?.[1] : undefined;
  return nameOf(list, ref, code ? `Provider ${code}` : "No practitioner");
}

/** The EHR's name for a location, else the config's (an HL7 AIL code or Acuity calendar it maps). */
function locationName(services: Services, list: readonly NamedRef[], ref: string | undefined): string {
  return nameOf(list, ref, (ref && locationDirectory(services.config).byRef(ref)?.name) || "No location");
}

export async function buildScheduleView(services: Services, visits: readonly Visit[], directory: { practitioners: NamedRef[]; locations: NamedRef[] }): Promise<ScheduleView> {
  const now = services.clock.now();
  const touches = orderTouches(services.config.reminders.touches, services.config.reminders.replyTouch);
  const facts = await readAppointmentFacts(services, visits, touches, now);
  const patientRefs = [...new Set(visits.map((v) => v.patientRef).filter((r): r is string => !!r))];
  const standings = new Map<string, PatientStanding>();
  for (const ref of patientRefs) standings.set(ref, await readStanding(services, ref));
  const phones = [...standings.values()].map((s) => s.contact?.phoneIdx).filter((p): p is string => !!p);
  const openItems = await openItemsOnPhones(services.store, phones);
  const pageZone = displayZone(services.config);
  const zones = await Promise.all(visits.map((visit) => appointmentZone(services, visit)));
  const when = (at: Date) => formatWhen(at, pageZone, now);

  const rows = visits.map((visit, i): ScheduleRow => {
    const zone = zones[i] ?? pageZone;
    const standing = visit.patientRef ? standings.get(visit.patientRef) : undefined;
    const reminderFacts = {
      touches,
      start: visit.start,
      timeZone: zone,
      status: visit.status,
      now,
      sent: facts.sent.get(visit.ref) ?? new Map(),
      decisions: facts.decisions.get(visit.ref) ?? [],
      asking: facts.asking.has(visit.ref),
      noMobile: !standing?.contact?.phone,
      ehrAnswer: visit.patientStatus,
      when,
      patientTime: (at: Date) => formatTimeInZone(at, standing?.zone ?? zone),
    };
    const item = standing?.contact?.phoneIdx ? openItems.get(standing.contact.phoneIdx) : undefined;
    return {
      visit,
      // Written where the appointment is; named when that is not the page's own zone.
      time: zone === pageZone ? formatTime(visit.start, zone) : formatTimeInZone(visit.start, zone),
      practitioner: practitionerName(directory.practitioners, visit.practitionerRef),
      location: locationName(services, directory.locations, visit.locationRef),
      statusWords: STATUS_WORDS[visit.status] ?? null,
      reminders: reminderLines(reminderFacts),
      answer: patientAnswer(reminderFacts),
      consent: standing ? consentBadge(standing, "appointment", now) : { words: "No patient on this appointment", tone: "muted" },
      optOut: standing ? optOutBadge(standing.consent, when) : null,
      inboxHref: item ? `/inbox/${item.inboundId}` : null,
      patientHref: visit.patientRef ? `/patients/${encodeURIComponent(visit.patientRef)}` : null,
    };
  });
  return { rows, counts: scheduleCounts(rows) };
}

/**
 * The day at a glance, over booked appointments. Each counts once, under the first that fits: needs
 * a person (an answer staff must act on, or an open conversation), confirmed, awaiting an answer
 * (asked, question open), asked with no reply, not asked yet; so the counts add up to the total.
 */
export function scheduleCounts(rows: ReadonlyArray<Pick<ScheduleRow, "visit" | "answer" | "inboxHref">>): ScheduleCounts {
  const counts: ScheduleCounts = { total: 0, confirmed: 0, awaiting: 0, noReply: 0, notAsked: 0, needsStaff: 0 };
  for (const row of rows) {
    if (row.visit.status !== "booked") continue;
    counts.total += 1;
    if (NEEDS_STAFF.has(row.answer) || row.inboxHref !== null) counts.needsStaff += 1;
    else if (row.answer === "confirmed") counts.confirmed += 1;
    else if (row.answer === "waiting") counts.awaiting += 1;
    else if (row.answer === "no-reply") counts.noReply += 1;
    else counts.notAsked += 1;
  }
  return counts;
}

export { ANSWER_WORDS };
