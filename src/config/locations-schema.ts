import { z } from "zod";
import { toRelativeRef } from "../../connectors/fhir/references.js";
import { isValidTimeZone } from "../policy/time-zone.js";

/**
 * `locations:` in the practice config: the sites of a group practice, each with its own name,
 * phone, hours, time zone, sender and template overrides. A single-site practice writes none and
 * `practice:` is its one location. Every mistake that would send a text with the wrong hour or
 * from the wrong number (an unknown zone, a duplicate id, one sender or one EHR location under two
 * entries) stops the start with the path and the fix.
 */
export const E164 = /^\+[1-9]\d{7,14}$/;
export const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

export const timeZone = z.string().refine(isValidTimeZone, { message: "is not an IANA time zone; use one like America/Chicago" });
export const e164 = z.string().regex(E164, "must be an E.164 phone number like +13125550100");
/** Templates override the built-in defaults per purpose, then locale. */
export const templates = z.record(z.string(), z.record(z.string(), z.string().min(1)));

const sender = z
  .string()
  .refine((s) => MESSAGING_SERVICE_SID.test(s) || E164.test(s), { message: "must be a Twilio Messaging Service SID (MG followed by 32 hex characters) or an E.164 number like +14805550100" });
const fhirLocation = z
  .string()
  .refine((s) => toRelativeRef(s, "Location") !== undefined, { message: 'must be a FHIR Location reference like "Location/123"' })
  .transform((s) => toRelativeRef(s, "Location") ?? s);
const calendarId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, "must be an Acuity calendarID (digits)")]).transform(String);

/** The id the default location (the practice itself) goes by; no configured location may take it. */
export const PRACTICE_LOCATION_ID = "practice";

const locationEntry = z
  .strictObject({
    /** minnow's own short name for the site: logs, the waitlist's `locationRef`, the console. */
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,62}$/, 'must be a short name of letters, digits, ".", "_", ":" or "-", like "mesa"').optional(),
    /** The EHR's Location this entry is, e.g. "Location/123". */
    fhir: fhirLocation.optional(),
    /** Acuity calendars whose appointments happen here. */
    acuityCalendars: z.array(calendarId).optional(),
    /** HL7 SIU location codes (AIL-3: point of care, else facility) of this place. */
    hl7: z.array(z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be an AIL-3 location code of letters, digits, ".", "_" or "-", like "MAIN"')).optional(),
    name: z.string().min(1).max(60),
    phone: e164.optional(),
    hours: z.string().min(1).max(60).optional(),
    timeZone: timeZone.optional(),
    sender: sender.optional(),
    templates: templates.optional(),
  })
  .refine((l) => Boolean(l.id || l.fhir || l.acuityCalendars?.length || l.hl7?.length), {
    message: 'needs an id, a fhir Location reference or acuityCalendars to be matched to appointments: add id: "<short-name>" and fhir: "Location/<id>"',
  });

export type LocationEntry = z.infer<typeof locationEntry>;

/** The id an entry goes by: its own, else its FHIR reference, else its first Acuity calendar, else its first HL7 code. */
export function locationEntryId(entry: Pick<LocationEntry, "id" | "fhir" | "acuityCalendars" | "hl7">): string {
  if (!entry.id && !entry.fhir && !entry.acuityCalendars?.length && entry.hl7?.[0]) return `hl7-location:${entry.hl7[0]}`;
  return entry.id ?? entry.fhir ?? `acuity-calendar:${entry.acuityCalendars?.[0] ?? "none"}`;
}

type Claim = { key: string; path: Array<string | number>; what: string; fix: string };

function claimsOf(entry: LocationEntry, index: number): Claim[] {
  const id = locationEntryId(entry);
  return [
    { key: `id:${id}`, path: [index, "id"], what: `the id "${id}"`, fix: "give each location its own id" },
    ...(entry.fhir ? [{ key: `fhir:${entry.fhir}`, path: [index, "fhir"], what: entry.fhir, fix: "list each EHR Location under one entry" }] : []),
    ...(entry.acuityCalendars ?? []).map((c, i) => ({ key: `acuity:${c}`, path: [index, "acuityCalendars", i], what: `Acuity calendar ${c}`, fix: "map each calendar to one location" })),
    ...(entry.hl7 ?? []).map((c, i) => ({ key: `hl7:${c}`, path: [index, "hl7", i], what: `HL7 location code ${c}`, fix: "map each AIL code to one location" })),
    ...(entry.sender ? [{ key: `sender:${entry.sender}`, path: [index, "sender"], what: `the sender ${entry.sender}`, fix: "give each location its own sender, or leave sender out to use the practice's" }] : []),
  ];
}

export const locationsSchema = z
  .array(locationEntry)
  .default([])
  .superRefine((entries, ctx) => {
    const seen = new Map<string, number>();
    entries.forEach((entry, index) => {
      if (locationEntryId(entry) === PRACTICE_LOCATION_ID) {
        ctx.addIssue({ code: "custom", path: [index, "id"], message: `"${PRACTICE_LOCATION_ID}" is the id of the practice's own default location; choose another id` });
      }
      for (const claim of claimsOf(entry, index)) {
        const first = seen.get(claim.key);
        if (first === undefined) seen.set(claim.key, index);
        else ctx.addIssue({ code: "custom", path: claim.path, message: `${claim.what} is already under locations.${first}; ${claim.fix}` });
      }
    });
  });
