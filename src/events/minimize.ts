/**
 * What an event looks like to whoever receives it. Hook destinations sit outside the BAA unless
 * the practice attests them (config `hooks.attestedDestinations`): an outside destination gets the
 * id, type, time and opaque references; an attested one also gets the event's minimum-necessary
 * details. When in doubt a value is PHI: a ref that looks like a phone, a date or an email is dropped.
 */
import type { PracticeConfig } from "../config/practice.js";
import { ref } from "../engine/port.js";
import type { DataClass } from "../policy/baa-boundary.js";
import type { EventData, EventRefs, StoredEvent } from "../store/events.js";
import { EVENT_TYPES, isEventType } from "./event-types.js";

export type DestinationStance = "outside" | "attested";

export interface MinimalEventPayload {
  id: string;
  type: string;
  occurredAt: string;
  refs: EventRefs;
}

export interface AttestedEventPayload extends MinimalEventPayload {
  data: EventData;
}

export type EventPayload = MinimalEventPayload | AttestedEventPayload;

const REF_KEY = /^[a-z][A-Za-z0-9]*(Ref|Id)$/;
const OPAQUE = ref();
const LOOKS_LIKE_PHI = [
  /\d{4}-\d{2}-\d{2}/, // a date or time
  /[^@\s]+@[^@\s]+\.[A-Za-z]{2,}/, // an email address
];
const PHONE_DIGITS = /(^|[^\d])\d{10,}($|[^\d])/;
/**
 * A FHIR reference ("Appointment/<id>", id as FHIR allows it). Its id may hold a long run of
 * digits (numeric EHR ids, or a UUID such as …-27444726966c), so the phone check skips it.
 */
const FHIR_REFERENCE = /^[A-Z][A-Za-z]+\/[A-Za-z0-9.-]{1,64}$/;

/** True for an opaque id; false for anything that could identify a patient by itself. */
export function isOpaqueRef(value: string): boolean {
  if (!OPAQUE.safeParse(value).success || LOOKS_LIKE_PHI.some((pattern) => pattern.test(value))) return false;
  return FHIR_REFERENCE.test(value) || !PHONE_DIGITS.test(value);
}

/** The event's references a destination may see: known keys of its type, opaque values only. */
export function opaqueRefs(type: string, refs: EventRefs): EventRefs {
  const allowed: readonly string[] | null = isEventType(type) ? EVENT_TYPES[type].refs : null;
  const out: EventRefs = {};
  for (const [key, value] of Object.entries(refs)) {
    const keyAllowed = allowed ? allowed.includes(key) : REF_KEY.test(key);
    if (keyAllowed && typeof value === "string" && isOpaqueRef(value)) out[key] = value;
  }
  return out;
}

function attestedData(event: StoredEvent): EventData {
  if (!isEventType(event.type)) return {};
  const out: EventData = {};
  for (const field of EVENT_TYPES[event.type].attestedData) {
    const value = Object.hasOwn(event.data, field) ? event.data[field] : event.refs[field];
    if (value !== undefined) out[field] = value;
  }
  return out;
}

export function minimalPayload(event: StoredEvent): MinimalEventPayload {
  return { id: event.id, type: event.type, occurredAt: event.occurredAt.toISOString(), refs: opaqueRefs(event.type, event.refs) };
}

export function eventPayload(event: StoredEvent, stance: DestinationStance): EventPayload {
  const minimal = minimalPayload(event);
  return stance === "attested" ? { ...minimal, data: attestedData(event) } : minimal;
}

function normalizedUrl(url: string): string | null {
  try {
    return new URL(url).href;
  } catch {
    return null;
  }
}

/** An exact (normalized) URL match: attesting one endpoint of a vendor does not attest the rest. */
export function isAttestedDestination(config: PracticeConfig, targetUrl: string): boolean {
  const target = normalizedUrl(targetUrl);
  return target !== null && config.hooks.attestedDestinations.some((entry) => normalizedUrl(entry) === target);
}

export function destinationStance(config: PracticeConfig, targetUrl: string): DestinationStance {
  return isAttestedDestination(config, targetUrl) ? "attested" : "outside";
}

/**
 * The data classes any hook receives, for the BAA boundary. Event details are ids, counts and
 * reason codes, so even an attested destination receives no PHI class beyond references.
 */
export const HOOK_DATA_CLASSES: readonly DataClass[] = ["reference"];
