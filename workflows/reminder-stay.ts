import type { AppointmentRecord } from "../connectors/records.js";
import type { WorkflowDefinition } from "../src/engine/port.js";
import type { Services } from "../src/runtime/services.js";
import { getSeen, getSeenMany, recordSeen, type SeenRecord } from "../src/store/sync-seen.js";
import { standDownReminderPrompts } from "./reminder-prompts.js";
import type { AppointmentChange } from "./sync-diff.js";
import { reminderPlanRef, reminderSignalKey } from "./workflow-keys.js";

/**
 * A booking's stays. Each time sync sees a booking land on a start (booked, moved, moved back to
 * a start it had before, booked again after a cancellation) a stay begins, with a reminder plan of
 * its own. A stay after the first is told apart by its occurrence: when sync recorded the state
 * the booking left, so the same change seen again (a re-sync, a sync retried after a crash) is the
 * same stay and starts nothing twice. Sync records the current stay before starting its plan, and
 * a plan checks, before each text, that it is still the plan of the booking's current stay at the
 * start the source shows: a plan made for an earlier stay at the same start stands down.
 */
const SEEN_AS = "reminder-stay";

type Previous = Pick<SeenRecord, "status" | "lastSeenAt"> | null;

/** The stay a change begins (`occurrence` absent for a booking's first), or null when the booking stays put. */
export function stayBegun(previous: Previous, change: AppointmentChange): { occurrence?: number } | null {
  if (!previous) return {};
  if (previous.status === "booked" && change !== "moved") return null;
  return { occurrence: previous.lastSeenAt.getTime() };
}

function occurrenceOf(seen: SeenRecord | null | undefined): number | undefined {
  return seen ? Number(seen.fingerprint) : undefined;
}

/** The booking's current stay: its occurrence, or undefined while it is in its first. */
export async function currentStay(services: Pick<Services, "store">, appointmentRef: string): Promise<number | undefined> {
  return occurrenceOf(await getSeen(services.store, SEEN_AS, appointmentRef));
}

/** The plan a booking at `start` has in its current stay (what sync started for it, if it has seen it there). */
export async function currentPlanRef(services: Pick<Services, "crypto" | "store">, appointmentRef: string, start: Date): Promise<string> {
  return reminderPlanRef(services, appointmentRef, start, await currentStay(services, appointmentRef));
}

/** currentPlanRef for several bookings at once, by appointment ref. */
export async function currentPlanRefs(services: Pick<Services, "crypto" | "store">, bookings: ReadonlyArray<{ ref: string; start: Date }>): Promise<Map<string, string>> {
  const stays = await getSeenMany(services.store, SEEN_AS, bookings.map((b) => b.ref));
  return new Map(bookings.map((b) => [b.ref, reminderPlanRef(services, b.ref, b.start, occurrenceOf(stays.get(b.ref)))]));
}

/**
 * Starts the reminder plan of the stay this change begins, if it begins one; true when a run
 * started. The previous stay's open question closes now (its plan would also find out at wake).
 */
export async function startStayPlan(services: Services, workflow: WorkflowDefinition<{ appointmentRef: string; planRef: string }>, record: AppointmentRecord, previous: Previous, change: AppointmentChange): Promise<boolean> {
  const stay = stayBegun(previous, change);
  if (!stay) return false;
  const planRef = reminderPlanRef(services, record.ref, record.start, stay.occurrence);
  if (stay.occurrence !== undefined) await recordSeen(services.store, SEEN_AS, record.ref, { fingerprint: String(stay.occurrence), status: "current" }, services.clock.now());
  if (previous) await standDownReminderPrompts(services, record.ref, reminderSignalKey(planRef));
  return (await services.engine.start(workflow, { appointmentRef: record.ref, planRef }, { key: planRef })).started;
}
