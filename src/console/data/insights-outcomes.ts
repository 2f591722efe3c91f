import type { Services } from "../../runtime/services.js";
import { parseJsonColumn } from "../../store/json-column.js";
import { dayKey } from "../time.js";
import { hasScheduleSource, readDaySchedule, type Visit } from "./day-schedule.js";
import { bucketOf, type Bucket, type Chart } from "./insights-buckets.js";

/**
 * The outcomes minnow is for, next to what it sent: no-shows before and after its reminders
 * started (from the schedule source's own no-show status), and how the waitlist fills openings.
 * Aggregates only: a rate, a count or a median, never an appointment or a patient.
 */
type Range = { from: Date; to: Date; bucket: Bucket; zone: string };
type InsightsServices = Pick<Services, "store" | "sources" | "config" | "crypto" | "env" | "clock">;

const MINUTE_MS = 60_000;
/** A fill is matched to a cancellation seen at most this long before it. */
const CANCELLED_LOOKBACK_MS = 60 * 86_400_000;
/** Statuses of an appointment that was due: cancelled ones and waitlist entries are not. */
const DUE = new Set(["booked", "fulfilled", "noshow"]);

const SOURCE_WORDS: Record<Visit["source"], string> = { fhir: "The EHR", acuity: "Acuity", hl7: "The scheduling feed" };

const percent = (part: number, whole: number): number => Math.round((1000 * part) / whole) / 10;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** When minnow's first text went: the line between "before" and "with" reminders. */
export async function firstSendAt(services: Pick<Services, "store">): Promise<Date | null> {
  const row = await services.store.db.selectFrom("audit_log").select((eb) => eb.fn.min("at").as("first")).where("action", "=", "message.sent").executeTakeFirst();
  return row?.first == null ? null : new Date(Number(row.first));
}

function rateWords(label: string, noShows: number, due: number): string {
  return due ? `${label}: ${percent(noShows, due)}% of ${due} appointments were no-shows` : `${label}: no appointments in these dates`;
}

export async function noShowChart(services: InsightsServices, range: Range, buckets: string[]): Promise<Chart> {
  const started = await firstSendAt(services);
  const index = new Map(buckets.map((b, i) => [b, i]));
  const tally = { before: buckets.map(() => ({ due: 0, noShows: 0 })), after: buckets.map(() => ({ due: 0, noShows: 0 })) };
  // Only appointments whose time has come can be no-shows.
  const to = new Date(Math.min(range.to.getTime(), services.clock.now().getTime()));
  const schedule = hasScheduleSource(services) && range.from < to ? await readDaySchedule(services, { from: range.from, to }) : { visits: [], failures: [] };
  for (const visit of schedule.visits) {
    const i = index.get(bucketOf(visit.start, range.bucket, range.zone));
    if (i === undefined || !DUE.has(visit.status)) continue;
    const side = started && visit.start >= started ? tally.after : tally.before;
    const cell = side[i];
    if (!cell) continue;
    cell.due += 1;
    if (visit.status === "noshow") cell.noShows += 1;
  }
  const values = (side: typeof tally.before) => side.map((c) => (c.due ? percent(c.noShows, c.due) : null));
  const total = (side: typeof tally.before) => side.reduce((sum, c) => ({ due: sum.due + c.due, noShows: sum.noShows + c.noShows }), { due: 0, noShows: 0 });
  const before = total(tally.before);
  const after = total(tally.after);
  const since = started ? dayKey(started, range.zone) : null;
  const unread = schedule.failures.length ? ` ${schedule.failures.map((f) => SOURCE_WORDS[f.source]).join(" and ")} could not be read just now, so ${schedule.failures.length > 1 ? "their" : "its"} appointments are missing here.` : "";
  return {
    id: "no-show",
    title: "No-show rate, before and with reminders",
    about: `Appointments the schedule marked no-show, as a percent of the appointments that were due (cancelled ones left out). ${since ? `minnow's first text went on ${since}` : "minnow has not sent a text yet"}`,
    kind: "percent",
    bars: true,
    summary: (since ? `${rateWords("Before reminders", before.noShows, before.due)}. ${rateWords("With reminders", after.noShows, after.due)}.` : `${rateWords("Without reminders", before.noShows, before.due)}.`) + unread,
    series: [
      { label: "no-shows % before reminders", values: values(tally.before) },
      { label: "no-shows % with reminders", values: values(tally.after) },
    ],
  };
}

type Refs = Record<string, string>;

/** When each cancelled appointment's opening was known: the cancellation sync saw, or the fill staff started. */
async function openingTimes(services: Pick<Services, "store">, range: Range): Promise<Map<string, number>> {
  const db = services.store.db;
  const since = range.from.getTime() - CANCELLED_LOOKBACK_MS;
  const known = new Map<string, number>();
  const keep = (ref: string | undefined | null, at: number) => {
    if (ref && !(Number(known.get(ref) ?? Infinity) <= at)) known.set(ref, at);
  };
  const cancelled = await db.selectFrom("events").select(["refs", "occurred_at"]).where("type", "=", "appointment.cancelled").where("occurred_at", ">=", since).where("occurred_at", "<", range.to.getTime()).execute();
  for (const row of cancelled) keep(parseJsonColumn<Refs>(row.refs, "events.refs").appointmentRef, Number(row.occurred_at));
  const started = await db.selectFrom("audit_log").select(["subject_ref", "at"]).where("action", "=", "console.fill_started").where("at", ">=", since).where("at", "<", range.to.getTime()).execute();
  for (const row of started) keep(row.subject_ref, Number(row.at));
  return known;
}

export async function waitlistCharts(services: Pick<Services, "store">, range: Range, buckets: string[]): Promise<Chart[]> {
  const index = new Map(buckets.map((b, i) => [b, i]));
  const events = await services.store.db.selectFrom("events").select(["type", "refs", "occurred_at"]).where("type", "in", ["waitlist.offer_sent", "waitlist.slot_filled"])
    .where("occurred_at", ">=", range.from.getTime() - CANCELLED_LOOKBACK_MS).where("occurred_at", "<", range.to.getTime()).orderBy("occurred_at").execute();
  const opened = await openingTimes(services, range);
  // The first offer stands in for the opening when neither the cancellation nor a staff start was recorded.
  for (const row of events) if (row.type === "waitlist.offer_sent") {
    const ref = parseJsonColumn<Refs>(row.refs, "events.refs").cancelledRef;
    if (ref && !opened.has(ref)) opened.set(ref, Number(row.occurred_at));
  }
  const offered = buckets.map(() => new Set<string>());
  const filled = buckets.map(() => 0);
  const waits = buckets.map((): number[] => []);
  for (const row of events) {
    const at = Number(row.occurred_at);
    const i = index.get(bucketOf(new Date(at), range.bucket, range.zone));
    const ref = parseJsonColumn<Refs>(row.refs, "events.refs").cancelledRef;
    if (i === undefined || !ref || at < range.from.getTime()) continue;
    if (row.type === "waitlist.offer_sent") offered[i]?.add(ref);
    else {
      filled[i] = (filled[i] ?? 0) + 1;
      const openedAt = opened.get(ref);
      if (openedAt !== undefined && openedAt <= at) waits[i]?.push(Math.round((at - openedAt) / MINUTE_MS));
    }
  }
  return [
    { id: "waitlist-fills", title: "Waitlist fills", about: "Openings offered to waitlisted patients, and openings a waitlisted patient took", kind: "count", series: [{ label: "openings offered", values: offered.map((s) => s.size) }, { label: "openings filled", values: filled }] },
    { id: "waitlist-time", title: "Time from cancellation to booking", about: "For openings the waitlist filled: the median minutes from the cancellation to the patient taking it (blank where none was filled)", kind: "minutes", series: [{ label: "median minutes", values: waits.map(median) }] },
  ];
}
