import type { SubscriptionNotification } from "../../../connectors/fhir/subscription-receiver.js";
import type { Services } from "../../runtime/services.js";
import { getSeen, recordSeen } from "../../store/sync-seen.js";

/**
 * Missed notifications, from the event numbers of the Subscriptions Backport IG: every
 * notification numbers its events, and heartbeats and handshakes say how many events were sent
 * since the Subscription started. minnow remembers the highest number it saw per Subscription
 * (in the store, so a restart forgets nothing); a number that skips ahead means notifications were
 * lost, and the caller answers with a sync at once. The first number seen for a Subscription sets
 * the mark (a handshake at creation sets it to its count, normally 0).
 */
const SEEN_AS = "fhir-subscription-events";

export interface EventGap {
  subscriptionRef: string;
  /** How many events were never delivered. */
  missed: number;
  /** The highest event number now known. */
  highest: number;
}

function firstNew(notification: SubscriptionNotification): number | undefined {
  if (notification.kind === "event-notification") return notification.eventNumbers?.[0];
  // A heartbeat or handshake carries no events itself: the next one expected is after its count.
  return notification.eventsSinceStart === undefined ? undefined : notification.eventsSinceStart + 1;
}

/** The gap this notification reveals (missed > 0), or undefined; records the new high mark. */
export async function checkEventGap(services: Pick<Services, "store" | "clock">, notification: SubscriptionNotification): Promise<EventGap | undefined> {
  const subscriptionRef = notification.subscriptionRef;
  if (notification.format !== "backport" || !subscriptionRef) return undefined;
  const numbers = [...(notification.eventNumbers ?? []), ...(notification.eventsSinceStart !== undefined ? [notification.eventsSinceStart] : [])];
  if (!numbers.length) return undefined;
  const highest = Math.max(...numbers);
  const seen = await getSeen(services.store, SEEN_AS, subscriptionRef);
  const last = seen ? Number(seen.fingerprint) : undefined;
  if (last === undefined || highest > last) await recordSeen(services.store, SEEN_AS, subscriptionRef, { fingerprint: String(highest), status: notification.kind }, services.clock.now());
  const next = firstNew(notification);
  if (last === undefined || next === undefined || next <= last + 1) return undefined;
  return { subscriptionRef, missed: next - (last + 1), highest };
}
