import { toRelativeRef } from "./references.js";

/**
 * Reads what an EHR POSTs to our Subscription endpoint and says which Appointments changed.
 * Understands R4 rest-hook deliveries (no body, a single resource, or a Bundle of id-only or
 * full-resource entries) and Subscriptions Backport IG notification bundles, whose first entry
 * is the status (R4 `Parameters` or R4B `SubscriptionStatus`) with handshake / heartbeat /
 * event-notification. No resource content is returned: refs only, the caller re-reads.
 */
export type NotificationKind = "handshake" | "heartbeat" | "event-notification";

export interface SubscriptionNotification {
  kind: NotificationKind;
  format: "r4-rest-hook" | "backport";
  subscriptionRef?: string;
  /** Changed appointments; empty for an R4 ping with no payload (re-poll the window). */
  appointmentRefs: string[];
  /** Backport only: the event numbers this notification carries (ascending). */
  eventNumbers?: number[];
  /** Backport only: how many events the server says it has sent since the Subscription started. */
  eventsSinceStart?: number;
}

export class MalformedNotificationError extends Error {
  override name = "MalformedNotificationError";
}

type Json = Record<string, unknown>;
const KINDS = new Set<string>(["handshake", "heartbeat", "event-notification"]);

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function objects(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function referenceOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.reference === "string" ? value.reference : undefined;
}

function appointmentRefOfEntry(entry: Json): string | undefined {
  const resource = isObject(entry.resource) ? entry.resource : undefined;
  if (resource?.resourceType === "Appointment" && typeof resource.id === "string") return `Appointment/${resource.id}`;
  const request = isObject(entry.request) ? entry.request : undefined;
  for (const candidate of [entry.fullUrl, request?.url]) {
    const ref = typeof candidate === "string" ? toRelativeRef(candidate, "Appointment") : undefined;
    if (ref) return ref;
  }
  return undefined;
}

/** The status entry as { type, subscription, focus refs }, from either the R4 or the R4B shape. */
interface StatusRead {
  kind: string | undefined;
  subscription?: string;
  focus: string[];
  eventNumbers: number[];
  eventsSinceStart?: number;
}

/** An integer64 as FHIR sends it (a string in R4/R4B JSON, a number from lenient servers). */
function counter(value: unknown): number | undefined {
  const n = typeof value === "string" && /^\d{1,15}$/.test(value) ? Number(value) : typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  return n;
}

function defined<T>(values: Array<T | undefined>): T[] {
  return values.filter((v): v is T => v !== undefined);
}

function readStatus(status: Json): StatusRead {
  if (status.resourceType === "SubscriptionStatus") {
    const events = objects(status.notificationEvent);
    return {
      kind: typeof status.type === "string" ? status.type : undefined,
      subscription: referenceOf(status.subscription),
      focus: defined(events.map((event) => referenceOf(event.focus))),
      eventNumbers: defined(events.map((event) => counter(event.eventNumber))),
      eventsSinceStart: counter(status.eventsSinceSubscriptionStart),
    };
  }
  const parameters = objects(status.parameter);
  const named = (name: string) => parameters.filter((p) => p.name === name);
  const kind = named("type")[0]?.valueCode;
  const parts = (name: string) => named("notification-event").flatMap((event) => objects(event.part).filter((p) => p.name === name));
  const since = named("events-since-subscription-start")[0];
  return {
    kind: typeof kind === "string" ? kind : undefined,
    subscription: referenceOf(named("subscription")[0]?.valueReference),
    focus: defined(parts("focus").map((p) => referenceOf(p.valueReference))),
    eventNumbers: defined(parts("event-number").map((p) => counter(p.valueString ?? p.valueInteger64 ?? p.valueUnsignedInt))),
    eventsSinceStart: counter(since?.valueString ?? since?.valueInteger64 ?? since?.valueUnsignedInt),
  };
}

function isStatusResource(resource: unknown): resource is Json {
  if (!isObject(resource)) return false;
  if (resource.resourceType === "SubscriptionStatus") return true;
  return resource.resourceType === "Parameters" && objects(resource.parameter).some((p) => p.name === "type" || p.name === "subscription");
}

function unique(refs: Array<string | undefined>): string[] {
  return [...new Set(refs.filter((r): r is string => r !== undefined))];
}

function parseBundle(bundle: Json): SubscriptionNotification {
  const entries = objects(bundle.entry);
  if (!entries.length) throw new MalformedNotificationError("The notification Bundle has no entries; expected a status entry or changed resources.");
  const [first, ...rest] = entries;
  if (first && isStatusResource(first.resource)) {
    const status = readStatus(first.resource);
    if (!status.kind || !KINDS.has(status.kind)) {
      throw new MalformedNotificationError(`The notification's status type is ${status.kind ? `"${status.kind}"` : "missing"}; expected handshake, heartbeat or event-notification.`);
    }
    const refs = status.kind === "event-notification" ? unique([...status.focus.map((f) => toRelativeRef(f, "Appointment")), ...rest.map(appointmentRefOfEntry)]) : [];
    return {
      kind: status.kind as NotificationKind,
      format: "backport",
      subscriptionRef: status.subscription ? toRelativeRef(status.subscription, "Subscription") ?? status.subscription : undefined,
      appointmentRefs: refs,
      ...(status.eventNumbers.length ? { eventNumbers: [...status.eventNumbers].sort((a, b) => a - b) } : {}),
      ...(status.eventsSinceStart !== undefined ? { eventsSinceStart: status.eventsSinceStart } : {}),
    };
  }
  return { kind: "event-notification", format: "r4-rest-hook", appointmentRefs: unique(entries.map(appointmentRefOfEntry)) };
}

/** Parses a notification body (raw text or already-parsed JSON); throws MalformedNotificationError. */
export function parseSubscriptionNotification(body: unknown): SubscriptionNotification {
  if (body === undefined || body === null || (typeof body === "string" && !body.trim())) {
    return { kind: "event-notification", format: "r4-rest-hook", appointmentRefs: [] };
  }
  let parsed: unknown = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body);
    } catch (err) {
      throw new MalformedNotificationError("The notification body is not JSON; expected a FHIR Bundle or resource.", { cause: err });
    }
  }
  if (!isObject(parsed)) throw new MalformedNotificationError("The notification body is not a FHIR resource object.");
  if (parsed.resourceType === "Bundle") return parseBundle(parsed);
  if (parsed.resourceType === "Appointment") {
    if (typeof parsed.id !== "string") throw new MalformedNotificationError("The notified Appointment has no id.");
    return { kind: "event-notification", format: "r4-rest-hook", appointmentRefs: [`Appointment/${parsed.id}`] };
  }
  const type = typeof parsed.resourceType === "string" ? parsed.resourceType : "no resourceType";
  throw new MalformedNotificationError(`The notification is ${type}; expected a Bundle or an Appointment.`);
}
