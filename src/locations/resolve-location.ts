import { readLocationTimeZone, type LocationZone } from "../../connectors/fhir/location-time-zone.js";
import { toRelativeRef } from "../../connectors/fhir/references.js";
import type { FhirClient } from "../../connectors/fhir/client.js";
import type { PracticeConfig } from "../config/practice.js";
import { log } from "../log.js";
import type { Services } from "../runtime/services.js";
import { ACUITY_CALENDAR_PREFIX, locationDirectory, type LocationProfile } from "./location-directory.js";

/**
 * Appointment → location: the one answer to "where is this, what time is it there, and who texts
 * about it". The console's schedule, the reminders, the waitlist and every source (FHIR, Acuity,
 * HL7) ask it the same way.
 *
 * The zone comes from the config entry, else the EHR Location's timezone extension, else the
 * practice. An appointment at a place the config does not list (when it lists any) gets the
 * practice's values and one warning in the log per place, by reference, not one per message.
 */
export interface ResolvedLocation {
  /** The config id, or "practice" for the default location. */
  id: string;
  /** Display name; never PHI in itself, but "sometimes" in a text (it can hint at the care). */
  name: string;
  phone: string;
  hours: string;
  timeZone: string;
  zoneFrom: "config" | "ehr" | "practice";
  /** The sender texts about this location go out from; null means the practice's own. */
  sender: string | null;
  /** This location's template overrides (they win over the practice's). */
  templates: PracticeConfig["templates"];
  /** The appointment named a place the config does not list: the practice's values stand in. */
  unlisted: boolean;
}

/** What an appointment says about its place; every source's record has these fields. */
export interface LocatedAppointment {
  /** The appointment's own ref, named in the log when its location is not listed. */
  ref: string;
  /** FHIR `Location/<id>`, a config id, or a source-qualified ref (HL7). */
  locationRef?: string;
  /** Acuity's calendar (`acuity-calendar:<id>`) names a location through the config. */
  practitionerRef?: string;
}

export type LocationServices = Pick<Services, "config" | "sources" | "clock">;

const ZONE_CACHE_MS = 60 * 60_000;
/** Per EHR client: each Location's zone (the read in flight, so a fan-out reads it once), kept an hour. */
const zoneCaches = new WeakMap<FhirClient, Map<string, { zone: Promise<LocationZone>; untilMs: number }>>();
const warned = new WeakMap<object, Set<string>>();

/** Logs a warning once per config (so once per process) for this key. */
function warnOnce(config: object, key: string, event: string, fields: Record<string, string>): void {
  let seen = warned.get(config);
  if (!seen) warned.set(config, (seen = new Set()));
  if (seen.has(key)) return;
  seen.add(key);
  log.warn(event, fields);
}

function fromProfile(profile: LocationProfile, zone: { timeZone: string; zoneFrom: ResolvedLocation["zoneFrom"] }, unlisted = false): ResolvedLocation {
  return { id: profile.id, name: profile.name, phone: profile.phone, hours: profile.hours, ...zone, sender: profile.sender ?? null, templates: profile.templates, unlisted };
}

/** The practice itself as a location: its name, phone, hours, zone and sender. */
export function practiceLocation(config: Pick<PracticeConfig, "practice" | "locations">): ResolvedLocation {
  return fromProfile(locationDirectory(config).practice, { timeZone: config.practice.timeZone, zoneFrom: "practice" });
}

/** The listed location a reply to `sender` belongs to (the zone is the config's or the practice's), else the practice. */
export function locationForSender(config: Pick<PracticeConfig, "practice" | "locations">, sender: string): ResolvedLocation {
  const profile = locationDirectory(config).bySender(sender);
  if (!profile) return practiceLocation(config);
  return fromProfile(profile, profile.timeZone ? { timeZone: profile.timeZone, zoneFrom: "config" } : { timeZone: config.practice.timeZone, zoneFrom: "practice" });
}

async function ehrZone(services: LocationServices, ref: string): Promise<LocationZone> {
  const client = services.sources.fhir;
  if (!client) return { zone: null, why: "none" };
  let cache = zoneCaches.get(client);
  if (!cache) zoneCaches.set(client, (cache = new Map()));
  const nowMs = services.clock.now().getTime();
  const hit = cache.get(ref);
  if (hit && hit.untilMs > nowMs) return hit.zone;
  const reading = readLocationTimeZone(client, ref);
  const entry = { zone: reading, untilMs: nowMs + ZONE_CACHE_MS };
  cache.set(ref, entry);
  let zone: LocationZone;
  try {
    zone = await reading;
  } catch (err) {
    if (cache.get(ref) === entry) cache.delete(ref); // a failed read is not remembered: the next asks again
    throw err;
  }
  if (zone.zone === null && zone.why === "not-iana") warnOnce(services.config, `zone:${ref}`, "location.ehr_zone_invalid", { locationRef: ref, fix: "set the Location's timezone extension to an IANA zone, or timeZone under locations: in the practice config" });
  return zone;
}

/** Where the appointment is, with the zone its times are written in and the sender that texts about it. */
export async function resolveLocation(services: LocationServices, appointment: LocatedAppointment): Promise<ResolvedLocation> {
  const { config } = services;
  const directory = locationDirectory(config);
  const calendar = appointment.practitionerRef?.startsWith(ACUITY_CALENDAR_PREFIX) ? appointment.practitionerRef : undefined;
  const named = [appointment.locationRef, calendar].filter((ref): ref is string => Boolean(ref));
  const listed = named.map((ref) => directory.byRef(ref)).find((profile) => profile !== undefined);
  const unlisted = !listed && named.length > 0 && directory.listed.length > 0;
  if (unlisted) {
    warnOnce(config, `unlisted:${named[0] ?? ""}`, "location.unlisted", { locationRef: named[0] ?? "", appointmentRef: appointment.ref, fix: "add this location under locations: in the practice config; until then its texts use the practice's name, phone, zone and sender" });
  }
  const profile = listed ?? directory.practice;
  if (listed?.timeZone) return fromProfile(listed, { timeZone: listed.timeZone, zoneFrom: "config" });
  const fhirRef = listed?.fhirRef ?? toRelativeRef(appointment.locationRef, "Location");
  const fromEhr = fhirRef ? (await ehrZone(services, fhirRef)).zone : null;
  const zone = fromEhr ? { timeZone: fromEhr, zoneFrom: "ehr" as const } : { timeZone: config.practice.timeZone, zoneFrom: "practice" as const };
  return fromProfile(profile, zone, unlisted);
}

/** The sender a location's texts go out from, and replies to it come back on. */
export function senderFor(services: Pick<Services, "sms">, location: Pick<ResolvedLocation, "sender"> | undefined): string {
  return location?.sender ?? services.sms.sender;
}
