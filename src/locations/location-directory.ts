import { toRelativeRef } from "../../connectors/fhir/references.js";
import { locationEntryId, PRACTICE_LOCATION_ID, type LocationEntry } from "../config/locations-schema.js";
import type { PracticeConfig } from "../config/practice.js";

/**
 * The practice's locations as the config lists them, indexed by every reference that can name
 * one: minnow's id, the EHR's `Location/<id>`, and `acuity-calendar:<calendarID>`. Pure and built
 * once per config, plus `hl7-location:<code>` for an HL7 feed's AIL codes. `practice` is the default location: a single-site practice has only it.
 */
export interface LocationProfile {
  id: string;
  name: string;
  phone: string;
  hours: string;
  /** The zone the config gives; unset means "ask the EHR, then use the practice's". */
  timeZone?: string;
  /** Messaging Service SID or From number; unset means the practice's own sender. */
  sender?: string;
  templates: PracticeConfig["templates"];
  /** The EHR Location this entry is, when the config says. */
  fhirRef?: string;
  /** Every reference that names this location. */
  aliases: readonly string[];
}

export interface LocationDirectory {
  practice: LocationProfile;
  /** The configured locations, in config order (empty for a single-site practice). */
  listed: readonly LocationProfile[];
  /** The listed location a reference names (an id, a FHIR Location, an Acuity calendar). */
  byRef(ref: string): LocationProfile | undefined;
  /** The listed location whose sender this is (a reply to it belongs to that location). */
  bySender(sender: string): LocationProfile | undefined;
}

export const ACUITY_CALENDAR_PREFIX = "acuity-calendar:";
/** How an HL7 feed's AIL-3 code is written as a location reference (connectors/hl7/read-resources.ts). */
export const HL7_LOCATION_PREFIX = "hl7-location:";

/** A reference in the form the directory indexes: FHIR references relative, others as given. */
export function normalizeLocationRef(ref: string): string {
  return toRelativeRef(ref, "Location") ?? ref;
}

function profileOf(entry: LocationEntry, practice: PracticeConfig["practice"]): LocationProfile {
  const id = locationEntryId(entry);
  const aliases = [...new Set([id, ...(entry.fhir ? [entry.fhir] : []), ...(entry.acuityCalendars ?? []).map((c) => `${ACUITY_CALENDAR_PREFIX}${c}`), ...(entry.hl7 ?? []).map((c) => `${HL7_LOCATION_PREFIX}${c}`)])];
  return {
    id,
    name: entry.name,
    phone: entry.phone ?? practice.phone,
    hours: entry.hours ?? practice.hours,
    ...(entry.timeZone ? { timeZone: entry.timeZone } : {}),
    ...(entry.sender ? { sender: entry.sender } : {}),
    templates: entry.templates ?? {},
    ...(entry.fhir ? { fhirRef: entry.fhir } : {}),
    aliases,
  };
}

function build(config: Pick<PracticeConfig, "practice" | "locations">): LocationDirectory {
  const { practice } = config;
  const listed = config.locations.map((entry) => profileOf(entry, practice));
  const refs = new Map(listed.flatMap((profile) => profile.aliases.map((alias) => [alias, profile] as const)));
  const senders = new Map(listed.flatMap((profile) => (profile.sender ? [[profile.sender, profile] as const] : [])));
  return {
    practice: { id: PRACTICE_LOCATION_ID, name: practice.name, phone: practice.phone, hours: practice.hours, timeZone: practice.timeZone, templates: {}, aliases: [PRACTICE_LOCATION_ID] },
    listed,
    byRef: (ref) => refs.get(normalizeLocationRef(ref)),
    bySender: (sender) => senders.get(sender),
  };
}

const directories = new WeakMap<object, LocationDirectory>();

/** The directory for this config, built on first use. */
export function locationDirectory(config: Pick<PracticeConfig, "practice" | "locations">): LocationDirectory {
  let directory = directories.get(config);
  if (!directory) {
    directory = build(config);
    directories.set(config, directory);
  }
  return directory;
}

/**
 * Whether two references name the same place: the same listed location under any of its names,
 * or, for places the config does not list, the same reference.
 */
export function sameLocation(config: Pick<PracticeConfig, "practice" | "locations">, a: string, b: string): boolean {
  const directory = locationDirectory(config);
  const left = directory.byRef(a);
  const right = directory.byRef(b);
  if (left || right) return left === right;
  return normalizeLocationRef(a) === normalizeLocationRef(b);
}

/** Every reference that names the same place as `ref` (itself included), for store queries. */
export function locationAliases(config: Pick<PracticeConfig, "practice" | "locations">, ref: string): string[] {
  const listed = locationDirectory(config).byRef(ref);
  return listed ? [...listed.aliases] : [...new Set([ref, normalizeLocationRef(ref)])];
}
